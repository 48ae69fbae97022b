import { useEffect, useState } from 'react';
import { CustomerPage } from './pages/customer.tsx';
import { SegmentCustomers } from './pages/segment-customers.tsx';
import { SegmentsPage } from './pages/segments.tsx';
import { Workspace } from './pages/workspace.tsx';

/** The route a location hash names ("#/segments/…"), "#/" for none, null for an in-page fragment. */
export function routeOf(hash: string): string | null {
  if (hash === '' || hash === '#') return '#/';
  return hash.startsWith('#/') ? hash : null;
}

function useHash(): string {
  const [hash, setHash] = useState(routeOf(window.location.hash) ?? '#/');
  useEffect(() => {
    // A fragment that is no route ("#main", the skip link's target) leaves the screen as it is.
    const on = () => {
      const next = routeOf(window.location.hash);
      if (next) setHash(next);
    };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const hash = useHash();
  const path = hash.replace(/^#/, '');
  const customer = path.match(/^\/customers(?:\/(.+))?$/);
  const members = path.match(/^\/segments\/([^/]+)$/);
  const page = path.startsWith('/segments') ? 'segments' : customer ? 'customer' : 'plan';
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">AetherSegment</span>
        <nav aria-label="Main">
          <a href="#/" aria-current={page === 'plan' ? 'page' : undefined}>
            Plan
          </a>
          <a href="#/segments" aria-current={page === 'segments' ? 'page' : undefined}>
            Segments
          </a>
          <a href="#/customers" aria-current={page === 'customer' ? 'page' : undefined}>
            Customers
          </a>
          <a href="/api/v1/docs">API reference</a>
        </nav>
      </header>
      {/* One skip target for every screen: the workspace stays mounted (hidden) beside the others,
          and an id on each page's own <main> named two elements, the first of them hidden. */}
      <div id="main" tabIndex={-1}>
        {/* The workspace stays mounted so a plan survives a look at the segments page. */}
        <div hidden={page !== 'plan'}>
          <Workspace />
        </div>
        {page === 'segments' && !members && <SegmentsPage />}
        {members?.[1] && <SegmentCustomers id={decodeURIComponent(members[1])} />}
        {page === 'customer' && <CustomerPage id={customer?.[1] ? decodeURIComponent(customer[1]) : null} />}
      </div>
    </>
  );
}
