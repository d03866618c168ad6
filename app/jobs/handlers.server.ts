// Job kinds and what runs them. Payloads are validated by each handler.
import { sendMailJob } from "~/mail/mailer.server.ts";

export const handlers: Record<string, (payload: unknown) => Promise<void>> = {
  mail: sendMailJob,
};
