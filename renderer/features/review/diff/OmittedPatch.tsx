export type LoadState = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string };

interface OmittedPatchProps {
  load: LoadState;
  onLoad(): void;
}

/** A file whose hunks were left out of the response: fetch them on demand, with retry. */
export function OmittedPatch({ load, onLoad }: OmittedPatchProps) {
  return (
    <div className="diff-file-notice" data-testid="diff-omitted">
      {load.state === 'error' ? (
        <span className="diff-error" role="alert" data-testid="diff-load-error">
          Could not load this file's diff: {load.message}
        </span>
      ) : (
        <span>This file's diff was left out of the response to keep it small.</span>
      )}
      <button type="button" data-testid="diff-load" disabled={load.state === 'loading'} onClick={onLoad}>
        {load.state === 'loading' ? 'Loading…' : load.state === 'error' ? 'Retry' : 'Load diff'}
      </button>
    </div>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
