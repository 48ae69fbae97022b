import { useEffect, useState } from 'react';
import { CustomerPage } from './pages/customer.tsx';
import { SegmentCustomers } from './pages/segment-customers.tsx';
import { SegmentsPage } from './pages/segments.tsx';
import { Workspace } from './pages/workspace.tsx';

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || '#/');
  useEffect(() => {
    const on = () => setHash(window.location.hash || '#/');
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
      {/* The workspace stays mounted so a plan survives a look at the segments page. */}
      <div hidden={page !== 'plan'}>
        <Workspace />
      </div>
      {page === 'segments' && !members && <SegmentsPage />}
      {members?.[1] && <SegmentCustomers id={decodeURIComponent(members[1])} />}
      {page === 'customer' && <CustomerPage id={customer?.[1] ? decodeURIComponent(customer[1]) : null} />}
    </>
  );
}
