/** Limits of one external codec call, besides the timeout and the output cap. */
export interface CallLimits {
  /** RLIMIT_AS of the codec's processes, in bytes. */
  maxMemoryBytes: number;
  /** RLIMIT_NPROC (processes and threads) inside the seal; null when unsealed, where it cannot be confined to the call. */
  maxProcs: number | null;
}

/** What the maintainer or submitter asked for on the command line. */
export interface SandboxRequest {
  /** Extra host paths the codec may read (`--allow-read`), absolute or relative to `cwd`. */
  allowRead?: readonly string[];
  maxMemoryBytes?: number;
  maxProcs?: number;
  /** `--no-sandbox`: run external codecs unsealed on purpose. */
  disabled?: boolean;
  /** bwrap to use; default `$CAQBENCH_BWRAP`, else /usr/bin/bwrap. */
  bwrapPath?: string;
  /** Host paths that must never be visible inside the seal (the signing key). */
  hidden?: readonly string[];
}

/** How this session runs external codecs: decided once, before the first call. */
export type SandboxPolicy =
  | {
      sealed: true;
      bwrap: string;
      /** `bwrap 0.8.0`. */
      tool: string;
      allowRead: string[];
      hidden: string[];
      limits: CallLimits;
      /** The host uid/gid the seal runs as when caqbench runs as root (RLIMIT_NPROC does not hold for root). */
      hostUser: { uid: number; gid: number } | null;
    }
  | {
      sealed: false;
      /** Why not: `--no-sandbox`, or what the probe found. */
      reason: string;
      /** True when the user asked for it (`--no-sandbox`), false when bwrap is missing or unusable. */
      requested: boolean;
      allowRead: string[];
      limits: CallLimits;
    };

/** `sandbox` of a submission (schemas/submission.schema.json) and of a report. */
export interface SandboxRecord {
  sealed: boolean;
  /** `bwrap 0.8.0`, or null when unsealed. */
  tool: string | null;
  allow_read: string[];
  /** The limits beside protocol.timeout_s and protocol.max_output_bytes; max_procs null when not enforced. */
  limits: { max_memory_bytes: number; max_procs: number | null };
  /** Why the codec ran unsealed; absent when sealed. */
  warning?: string;
}
