import { Board } from '../features/board/Board.js';
import { ConnectionBanner } from '../features/fleet/ConnectionBanner.js';
import { FleetHeader } from '../features/fleet/FleetHeader.js';
import { OperatorQueue } from '../features/operator-queue/OperatorQueue.js';
import { TicketView } from '../features/ticket/TicketView.js';
import { useRoute } from './route.js';

export function App() {
  const route = useRoute();
  return (
    <div className="app">
      <FleetHeader />
      <ConnectionBanner />
      <main className="app-main">
        {route.view === 'board' && <Board />}
        {route.view === 'ticket' && <TicketView identifier={route.identifier} />}
        {route.view === 'queue' && <OperatorQueue />}
      </main>
    </div>
  );
}
