// Screens and forms whose code is fetched when first shown. React's lazy() (and Preact's) keeps a
// failed import failed for good, and its error, thrown with no boundary, broke the whole page: on a
// dropped connection, opening a screen not yet fetched left the header drawn twice and forms out of
// order. Here a failed fetch is an error of its own (ScreenCodeUnavailable), caught by
// ScreenCodeBoundary, which says so and tries again when the connection returns or she asks.
import { Component, createElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export class ScreenCodeUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super(`screen code unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/** A function component (every screen and form is one). */
type Drawing<P> = (props: P) => ReactNode;

/** A component whose code is imported on first drawing; after a failed import, the next drawing imports again. */
export function lazy<P extends object>(load: () => Promise<{ default: Drawing<P> }>): Drawing<P> {
  let loaded: Drawing<P> | undefined;
  let pending: Promise<void> | undefined;
  let failure: ScreenCodeUnavailable | undefined;
  return function Lazy(props: P) {
    if (loaded) return createElement(loaded, props);
    if (failure) {
      const error = failure;
      failure = undefined;
      throw error;
    }
    // The promise thrown to Suspense always resolves: a failure is thrown as an error at the next drawing.
    pending ??= load().then(
      (module) => {
        loaded = module.default;
      },
      (reason: unknown) => {
        failure = new ScreenCodeUnavailable(reason);
        pending = undefined;
      },
    );
    throw pending;
  };
}

interface BoundaryProps {
  /** Another address: whatever failed before is tried afresh. */
  resetKey: string;
  children?: ReactNode;
}

export class ScreenCodeBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };
  private readonly retry = () => this.setState({ failed: false });

  override componentDidCatch(error: unknown): void {
    // Any other error goes on up, as before (the browser tests count them).
    if (!(error instanceof ScreenCodeUnavailable)) throw error;
    this.setState({ failed: true });
  }

  override componentDidMount(): void {
    window.addEventListener('online', this.retry);
  }

  override componentWillUnmount(): void {
    window.removeEventListener('online', this.retry);
  }

  override componentDidUpdate(previous: BoundaryProps): void {
    if (previous.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: false });
  }

  override render() {
    return this.state.failed ? <CodeUnavailable retry={this.retry} /> : this.props.children;
  }
}

function CodeUnavailable({ retry }: { retry: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="page" role="alert">
      <h1>{t('usability.codeUnavailableTitle')}</h1>
      <p>{t('usability.codeUnavailableText')}</p>
      <button type="button" onClick={retry}>
        {t('usability.retry')}
      </button>
    </section>
  );
}
