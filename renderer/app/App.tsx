import { Toaster } from 'sonner';
import { Board } from '../features/board/Board.js';
import { ConnectionBanner } from '../features/fleet/ConnectionBanner.js';
import { FleetHeader } from '../features/fleet/FleetHeader.js';
import { NotificationCenter } from '../features/notifications/NotificationCenter.js';
import { OperatorQueue } from '../features/operator-queue/OperatorQueue.js';
import { LandingQueue } from '../features/review/LandingQueue.js';
import { ReviewInbox } from '../features/review/ReviewInbox.js';
import { TicketView } from '../features/ticket/TicketView.js';
import { EngineStatusBanner } from '../features/settings/EngineStatusBanner.js';
import { CommandPalette } from './command-palette/CommandPalette.js';
import { useRoute } from './route.js';

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
        {route.view === 'review' && <ReviewInbox identifier={route.identifier} />}
        {route.view === 'landing' && <LandingQueue />}
      </main>
      <CommandPalette />
      <NotificationCenter />
      <Toaster theme="dark" position="bottom-right" richColors closeButton />
    </div>
  );
}
