import { lazy, Suspense } from 'react';
import { Toaster } from 'sonner';
import { Board } from '../features/board/Board.js';
import { ConnectionBanner } from '../features/fleet/ConnectionBanner.js';
import { FleetHeader } from '../features/fleet/FleetHeader.js';
import { NotificationCenter } from '../features/notifications/NotificationCenter.js';
import { OperatorQueue } from '../features/operator-queue/OperatorQueue.js';
import { TicketView } from '../features/ticket/TicketView.js';
import { EngineStatusBanner } from '../features/engine-launch/EngineStatusBanner.js';
import { CommandPalette } from './command-palette/CommandPalette.js';
import { useRoute } from '../lib/route.js';

// The review views carry the diff renderer and its highlighter (most of the bundle): loaded on first visit.
const ReviewInbox = lazy(() => import('../features/review/ReviewInbox.js').then((m) => ({ default: m.ReviewInbox })));
const LandingQueue = lazy(() => import('../features/review/LandingQueue.js').then((m) => ({ default: m.LandingQueue })));
const viewLoading = (
  <p className="muted" role="status" data-testid="view-loading" style={{ padding: 16 }}>
    Loading…
  </p>
);

export function App() {
  const route = useRoute();
  return (
    <div className="app">
      <FleetHeader />
      <ConnectionBanner />
      <EngineStatusBanner />
      <main className="app-main">
        {route.view === 'board' && <Board />}
        {route.view === 'ticket' && <TicketView identifier={route.identifier} />}
        {route.view === 'queue' && <OperatorQueue />}
        {route.view === 'review' && (
          <Suspense fallback={viewLoading}>
            <ReviewInbox identifier={route.identifier} audit={route.audit ?? null} />
          </Suspense>
        )}
        {route.view === 'landing' && (
          <Suspense fallback={viewLoading}>
            <LandingQueue />
          </Suspense>
        )}
      </main>
      <CommandPalette />
      <NotificationCenter />
      <Toaster theme="dark" position="bottom-right" richColors closeButton />
    </div>
  );
}
