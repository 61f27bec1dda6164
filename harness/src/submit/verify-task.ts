/** The worker side of `verifyBatch`: one round trip judged per call (loaded by the pool from build/). */
import { verifyRoundTrip, type RoundTripInput, type RoundTripVerdict } from './verify-roundtrip.js';

export default function verify(input: RoundTripInput): Promise<RoundTripVerdict> {
  return verifyRoundTrip(input);
}
