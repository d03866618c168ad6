// Job kinds and what runs them. Payloads are validated by each handler.
import { sendMailJob } from "~/mail/mailer.server.ts";
import { fanOutAdoption } from "./adoption-notify.server.ts";
import { pruneSearchLog } from "~/models/search-log.server.ts";

export const handlers: Record<string, (payload: unknown) => Promise<void>> = {
  mail: sendMailJob,
  "adoption.notify": async (payload) => void (await fanOutAdoption(payload)),
  "search-log.prune": async () => void (await pruneSearchLog()),
};
