import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

export function ErrorNote({ error }: { error: CombinedError | Error | string }) {
  const message = typeof error === 'string' ? error : 'graphQLErrors' in error && error.graphQLErrors.length > 0 ? error.graphQLErrors.map((e) => e.message).join('; ') : error.message;
  return (
    <p className="state error" role="alert">
      {message}
    </p>
  );
}

export function Screen({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Gamification admin`;
  }, [title]);
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{title}</h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

/**
 * A form in a modal dialog that asks for a reason and a second look: `onConfirm` runs only
 * with a reason given, and the dialog says what happened.
 */
export function ConfirmDialog({
  label,
  title,
  description,
  children,
  onConfirm,
  reasonLabel = 'Reason (kept in the member’s history)',
  disabled = false,
  accessibleLabel,
}: {
  label: string;
  title: string;
  description: string;
  children?: ReactNode;
  onConfirm: (reason: string) => Promise<string>;
  reasonLabel?: string;
  disabled?: boolean;
  /** The trigger's accessible name when its visible label needs context (it must start with the label). */
  accessibleLabel?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const open = () => {
    setOutcome(null);
    setReason('');
    dialog.current?.showModal();
  };
  const confirm = async () => {
    setBusy(true);
    try {
      setOutcome({ ok: true, text: await onConfirm(reason.trim()) });
    } catch (error) {
      setOutcome({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={open} disabled={disabled} aria-label={accessibleLabel}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${reasonId}-title`}>
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <h2 id={`${reasonId}-title`}>{title}</h2>
          <p>{description}</p>
          {children}
          <label htmlFor={reasonId}>{reasonLabel}</label>
          <textarea id={reasonId} required minLength={3} value={reason} onChange={(event) => setReason(event.target.value)} />
          {outcome && (
            <p className={outcome.ok ? 'state ok' : 'state error'} role={outcome.ok ? 'status' : 'alert'}>
              {outcome.text}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
            <button type="submit" className="primary" disabled={busy || reason.trim().length < 3 || outcome?.ok === true}>
              Confirm
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** Points with their sign: +10, -5, 0. */
export function signed(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
