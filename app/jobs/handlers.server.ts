// Job kinds and what runs them. Payloads are validated by each handler.
import { sendMailJob } from "~/mail/mailer.server.ts";
import { fanOutAdoption } from "./adoption-notify.server.ts";
import { pruneSearchLog } from "~/models/search-log.server.ts";
import { fanOutComment } from "./comment-notify.server.ts";

/** The running job, for handlers that save progress (queue.server.ts saveCheckpoint). */
export interface JobContext {
  id: string;
  checkpoint: string | null;
}

export const handlers: Record<string, (payload: unknown, job: JobContext) => Promise<void>> = {
  mail: sendMailJob,
  "adoption.notify": async (payload) => void (await fanOutAdoption(payload)),
  "search-log.prune": async () => void (await pruneSearchLog()),
  "comment.notify": async (payload, job) => void (await fanOutComment(payload, job)),
};
