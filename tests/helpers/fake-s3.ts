// An in-process S3-compatible server for tests of FILE_STORAGE=s3 (ADR 063): no S3 server
// runs here. Path-style buckets, PUT (with `If-None-Match: *`), GET, HEAD and DELETE of
// objects, S3's XML errors, and every request's AWS Signature V4 checked by signing it
// again with the known secret (a request signed wrongly gets 403 SignatureDoesNotMatch)
// and its body checked against the signed payload hash.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AwsV4Signer } from "aws4fetch";

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stored objects by key (without the bucket). */
  objects: Map<string, { bytes: Buffer; modified: Date }>;
  /** Method and path of every request, in order. */
  requests: string[];
  /** Answers the next `count` requests with this status (a failing store), then recovers. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFakeS3(bucket = "bee-test"): Promise<FakeS3> {
  const accessKeyId = "FAKEACCESSKEY";
  const secretAccessKey = crypto.randomBytes(20).toString("hex");
  const region = "us-east-1";
  const objects: FakeS3["objects"] = new Map();
  const requests: string[] = [];
  let failing = { status: 0, count: 0 };

  const signatureOk = async (req: http.IncomingMessage, url: string, body: Buffer) => {
    const auth = req.headers.authorization ?? "";
    const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(";") ?? [];
    if (!auth.includes(`Credential=${accessKeyId}/`) || signed.length === 0) return false;
    const headers = new Headers();
    for (const name of signed) if (name !== "host") headers.set(name, String(req.headers[name] ?? ""));
    const signer = new AwsV4Signer({
      method: req.method,
      url,
      headers,
      accessKeyId,
      secretAccessKey,
      region,
      service: "s3",
      datetime: String(req.headers["x-amz-date"] ?? ""),
    });
    const expected = (await signer.sign()).headers.get("authorization");
    const payload = req.headers["x-amz-content-sha256"];
    const bodyOk = payload === "UNSIGNED-PAYLOAD" || payload === crypto.createHash("sha256").update(body).digest("hex");
    return expected === auth && bodyOk;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = `http://${req.headers.host}${req.url}`;
        const path = decodeURIComponent(new URL(url).pathname);
        requests.push(`${req.method} ${path}`);
        const answer = (status: number, headers: http.OutgoingHttpHeaders = {}, text = "") => {
          res.writeHead(status, { "content-type": "application/xml", ...headers });
          res.end(req.method === "HEAD" ? undefined : text);
        };
        if (failing.count > 0) {
          failing.count--;
          return answer(failing.status, {}, xmlError("InternalError", "failing on purpose"));
        }
        if (!(await signatureOk(req, url, body)))
          return answer(403, {}, xmlError("SignatureDoesNotMatch", "The request signature does not match."));
        const prefix = `/${bucket}/`;
        if (!path.startsWith(prefix)) return answer(404, {}, xmlError("NoSuchBucket", "No such bucket."));
        const key = path.slice(prefix.length);
        const found = objects.get(key);
        switch (req.method) {
          case "PUT":
            if (found && req.headers["if-none-match"] === "*")
              return answer(412, {}, xmlError("PreconditionFailed", "At least one precondition failed."));
            objects.set(key, { bytes: body, modified: new Date() });
            return answer(200, { etag: `"${crypto.createHash("md5").update(body).digest("hex")}"` });
          case "GET":
          case "HEAD":
            if (!found) return answer(404, {}, xmlError("NoSuchKey", "The specified key does not exist."));
            res.writeHead(200, {
              "content-type": "application/octet-stream",
              "content-length": found.bytes.length,
              "last-modified": found.modified.toUTCString(),
            });
            return res.end(req.method === "HEAD" ? undefined : found.bytes);
          case "DELETE":
            objects.delete(key);
            return answer(204);
          default:
            return answer(405, {}, xmlError("MethodNotAllowed", "Not allowed."));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    failNext(status, count = 1) {
      failing = { status, count };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
