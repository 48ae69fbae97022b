/**
 * The single arm that is best for everyone, chosen on training data: per arm, the within-campaign
 * difference in mean outcome between that arm and its campaign's control, pooled over the
 * campaigns that tested it with weights n_arm * n_control / (n_arm + n_control) (a
 * Cochran–Mantel–Haenszel style stratified estimate, so campaigns with different baselines and
 * arm sets are compared fairly). Arms never tested get -Infinity.
 */
export function pooledArmLift(
  arm: Int32Array,
  campaign: Int32Array,
  y: Float64Array,
  nArms: number,
): Float64Array {
  const nCampaigns = campaign.reduce((m, c) => Math.max(m, c + 1), 0);
  const sums = new Float64Array(nCampaigns * nArms);
  const counts = new Float64Array(nCampaigns * nArms);
  for (let i = 0; i < arm.length; i++) {
    const j = campaign[i] * nArms + arm[i];
    sums[j] += y[i];
    counts[j] += 1;
  }
  const lift = new Float64Array(nArms).fill(Number.NEGATIVE_INFINITY);
  lift[0] = 0;
  for (let a = 1; a < nArms; a++) {
    let num = 0;
    let den = 0;
    for (let c = 0; c < nCampaigns; c++) {
      const nA = counts[c * nArms + a];
      const nC = counts[c * nArms];
      if (nA === 0 || nC === 0) continue;
      const w = (nA * nC) / (nA + nC);
      num += w * (sums[c * nArms + a] / nA - sums[c * nArms] / nC);
      den += w;
    }
    if (den > 0) lift[a] = num / den;
  }
  return lift;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Which arms each row could have received: the arms its campaign assigned to anyone. */
export function armAvailability(arm: Int32Array, campaign: Int32Array, nArms: number): Uint8Array[] {
  const nCampaigns = campaign.reduce((m, c) => Math.max(m, c + 1), 0);
  const tested = new Uint8Array(nCampaigns * nArms);
  for (let i = 0; i < arm.length; i++) tested[campaign[i] * nArms + arm[i]] = 1;
  return Array.from({ length: nArms }, (_, a) => {
    const out = new Uint8Array(arm.length);
    for (let i = 0; i < arm.length; i++) out[i] = tested[campaign[i] * nArms + a];
    return out;
  });
}
