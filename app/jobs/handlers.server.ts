// Job kinds and what runs them. Payloads are validated by each handler.
import { sendMailJob } from "~/mail/mailer.server.ts";
import { fanOutAdoption } from "./adoption-notify.server.ts";
import { pruneSearchLog } from "~/models/search-log.server.ts";
import { INSIGHTS_ROLLUP_JOB, rollUpAdoptionsJob } from "~/models/insights-rollup.server.ts";
import { fanOutComment } from "./comment-notify.server.ts";

/** What a handler knows about its job: its checkpoint, and how to record a new one. */
export interface JobContext {
  id: string;
  checkpoint: string | null;
  /** Records a checkpoint; false when the lease was lost (stop: another worker has the job). */
  saveCheckpoint: (checkpoint: string | null) => Promise<boolean>;
}

export const handlers: Record<string, (payload: unknown, job: JobContext) => Promise<void>> = {
  mail: sendMailJob,
  "adoption.notify": async (payload) => void (await fanOutAdoption(payload)),
  "search-log.prune": async () => void (await pruneSearchLog()),
  [INSIGHTS_ROLLUP_JOB]: rollUpAdoptionsJob,
  "comment.notify": async (payload, job) => void (await fanOutComment(payload, job)),
};
