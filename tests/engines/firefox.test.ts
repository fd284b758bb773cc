// `npm run test:firefox`: the journeys (./journeys.ts) in Firefox.
import { launchFirefox } from './firefox.ts';
import { runJourneys } from './journeys.ts';

runJourneys('firefox', launchFirefox);
