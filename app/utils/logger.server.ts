import { pino } from "pino";
import { env } from "./env.server.ts";

export const logger = pino({
  level: env().LOG_LEVEL,
  base: { pid: process.pid },
  redact: { paths: ["password", "*.password", "token", "*.token", "req.headers.cookie"], remove: true },
});
