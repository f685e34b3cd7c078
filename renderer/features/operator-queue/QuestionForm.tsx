import { useId, useState } from 'react';
import type { ApprovalAnswerBody, ApprovalQuestion } from '../../../shared/api/schemas.js';
import { allowsText, answersBody, EMPTY_DRAFT, type Drafts, type QuestionDraft } from './answers.js';

/** All questions of one request, answered together with one send. */
export function QuestionForm({ questions, disabled, onSubmit }: { questions: readonly ApprovalQuestion[]; disabled: boolean; onSubmit: (body: ApprovalAnswerBody) => void }) {
  const [drafts, setDrafts] = useState<Drafts>({});
  const body = answersBody(questions, drafts);
  const update = (id: string, draft: QuestionDraft) => setDrafts((d) => ({ ...d, [id]: draft }));
  return (
    <form
      className="question-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (body && !disabled) onSubmit(body);
      }}
    >
      {questions.map((q) => (
        <QuestionField key={q.id} question={q} draft={drafts[q.id] ?? EMPTY_DRAFT} disabled={disabled} onChange={(d) => update(q.id, d)} />
      ))}
      <div className="actions">
        <button type="submit" disabled={disabled || body === null} data-testid="send-answers" title={body === null ? 'Answer every question first' : undefined}>
          {questions.length > 1 ? 'Send answers' : 'Send answer'}
        </button>
      </div>
    </form>
  );
}

function QuestionField({ question: q, draft, disabled, onChange }: { question: ApprovalQuestion; draft: QuestionDraft; disabled: boolean; onChange: (d: QuestionDraft) => void }) {
  const inputId = useId();
  const hasOptions = q.options !== null && q.options.length > 0;
  return (
    <fieldset className="question" data-testid={`question-${q.id}`} disabled={disabled}>
      <legend>
        {q.header && <span className="question-header">{q.header}</span>}
        <span className="question-text">{q.question}</span>
      </legend>
      {hasOptions && (
        <div className="question-options" role="group" aria-label={q.header ?? q.question}>
          {q.options!.map((o) => (
            <button
              key={o.label}
              type="button"
              className={`option${draft.option === o.label && draft.text.trim() === '' ? ' chosen' : ''}`}
              aria-pressed={draft.option === o.label && draft.text.trim() === ''}
              title={o.description ?? undefined}
              onClick={() => onChange({ option: o.label, text: '' })}
              data-testid={`option-${q.id}-${o.label}`}
            >
              {o.label}
              {o.description && <span className="option-description">{o.description}</span>}
            </button>
          ))}
        </div>
      )}
      {allowsText(q) && (
        <div className="free-text">
          <label htmlFor={inputId}>{hasOptions ? 'Other answer' : 'Answer'}</label>
          <input
            id={inputId}
            type={q.is_secret ? 'password' : 'text'}
            autoComplete={q.is_secret ? 'off' : undefined}
            value={draft.text}
            onChange={(e) => onChange({ option: draft.option, text: e.target.value })}
            data-testid={`answer-${q.id}`}
          />
        </div>
      )}
    </fieldset>
  );
}
