import { Component, type ReactNode } from 'react';

/**
 * A page whose code failed to load (a deploy replaced the chunks, the network dropped) or that
 * threw while rendering shows what happened and a way out, instead of a blank screen.
 */
export class ChunkErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    const loadFailed = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message);
    return (
      <div className="page" role="alert" data-testid="page-error">
        <h1>{loadFailed ? 'This page could not be loaded' : 'Something went wrong'}</h1>
        <p className="muted">
          {loadFailed
            ? 'Its code did not arrive (the server may have been updated, or the connection dropped).'
            : 'The page hit an error it could not recover from.'}{' '}
          Reloading usually fixes it.
        </p>
        <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
