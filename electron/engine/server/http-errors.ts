import { API_ERROR_CODES as C, type ApiErrorCode } from '../../../shared/api/errors.js';

/**
 * The one table from error code to HTTP status: every code of API_ERROR_CODES has its row (a new
 * code without one does not compile). Engine results keep their own codes; anything not listed is
 * an unexpected failure (500), except tracker adapter codes, which are upstream failures (502)
 * whatever their adapter-specific name.
 */
const STATUS_BY_CODE: Readonly<Record<ApiErrorCode, number>> = {
  [C.invalidRequest]: 400,
  [C.invalidJson]: 400,
  [C.invalidState]: 400,
  [C.invalidInput]: 400,
  [C.invalidAnswer]: 400,
  [C.unauthorized]: 401,
  [C.forbiddenOrigin]: 403,
  [C.forbiddenHost]: 403,
  [C.notFound]: 404,
  [C.issueNotFound]: 404,
  [C.ticketNotFound]: 404,
  [C.approvalNotFound]: 404,
  [C.terminalNotFound]: 404,
  [C.workspaceNotFound]: 404,
  [C.methodNotAllowed]: 405,
  [C.trackerReadOnly]: 409,
  [C.approvalAlreadyResolved]: 409,
  [C.terminalExited]: 409,
  [C.workspaceOutsideRoot]: 409,
  [C.findingNotFound]: 404,
  [C.fileNotInDiff]: 404,
  [C.commitNotFound]: 409,
  [C.baseNotFound]: 409,
  [C.diffTooLarge]: 413,
  [C.auditNotFound]: 404,
  [C.workflowChangeNotFound]: 404,
  [C.branchNotFound]: 409,
  [C.notInReview]: 409,
  [C.alreadyApproved]: 409,
  [C.blockedByFindings]: 409,
  [C.configConfirmationRequired]: 409,
  [C.reviewerRunning]: 409,
  [C.noRepository]: 409,
  [C.reviewerNotConfigured]: 409,
  [C.checksNotConfigured]: 409,
  [C.payloadTooLarge]: 413,
  [C.unsupportedMediaType]: 415,
  [C.upgradeRequired]: 426,
  [C.internalError]: 500,
  [C.trackerRequest]: 502,
  [C.trackerUnavailable]: 503,
  [C.serviceUnavailable]: 503,
  // WebSocket only: sent in an error message on the socket, never as an HTTP status.
  [C.invalidMessage]: 400,
  [C.notSubscribed]: 409,
};

/** Adapter-specific tracker codes (e.g. `linear_api_status`, `linear_graphql_errors`). */
const UPSTREAM_PREFIXES = ['linear_', 'tracker_'];

export function httpStatusFor(code: string): number {
  const known = (STATUS_BY_CODE as Readonly<Record<string, number>>)[code];
  if (known !== undefined) return known;
  return UPSTREAM_PREFIXES.some((p) => code.startsWith(p)) ? 502 : 500;
}

/** An error raised inside request handling that should become an error envelope, not a 500. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = httpStatusFor(code);
  }
}
