import type { ConfigFile } from '../../../shared/api/review-schemas.js';

/**
 * Says, above the decision, that this work changes trusted configuration: files whose content
 * Baton runs outside any sandbox (or feeds every agent) once they land. Approving it takes a
 * second, explicit step (the decision bar's confirmation).
 */
export function ConfigChangeBanner({ files }: { files: readonly ConfigFile[] }) {
  return (
    <section className="config-banner" role="region" aria-label="Configuration change" data-testid="config-banner">
      <h2>Configuration change — needs your explicit confirmation</h2>
      <p>
        This work changes files Baton trusts. Once they land, what they say runs outside any sandbox, or goes into every
        agent&apos;s prompt, for every ticket after this one. It never lands on its own: read these files in the diff, then approve
        and confirm.
      </p>
      <ul className="plain-list" data-testid="config-banner-files">
        {files.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code> <span className="muted">— {f.why}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
