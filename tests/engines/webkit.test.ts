// `npm run test:webkit`: the journeys (./journeys.ts) in WebKit.
import { launchWebKit } from './webkit.ts';
import { runJourneys } from './journeys.ts';

runJourneys('webkit', launchWebKit);
