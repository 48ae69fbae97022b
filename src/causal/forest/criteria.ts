/**
 * Split criteria of uplift trees for several treatments.
 *
 * KL divergence, squared Euclidean distance and chi-squared divergence between the outcome
 * distribution of each treatment and of control (Rzepakowski & Jaroszewicz 2012, "Decision trees
 * for uplift modeling with single and multiple treatments", KAIS 32). For several treatments a
 * node's divergence is the sum over treatments of D(P^{T_k} : P^C), as in CausalML. The gain of a
 * split is the size-weighted divergence of the children minus the parent's, divided by the
 * paper's normalisation I(A) (see `splitNormalization`), which penalises splits that separate
 * treatment from control or that are very unbalanced.
 *
 * CTS, contextual treatment selection (Zhao, Fang & Simchi-Levi 2017, "Uplift modeling with
 * multiple treatments and general response types", SDM): gain = sum over children of
 * (n_child / n) * max_a mu_a(child) - max_a mu_a(parent); not normalised. It works for any
 * response type; KL and chi-squared need a binary outcome, Euclidean distance uses the squared
 * difference of means for a continuous one.
 */
export type SplitCriterion = 'kl' | 'ed' | 'chi' | 'cts';

const EPS = 1e-6;

function clampP(p: number): number {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}

/** KL(Bernoulli(p) : Bernoulli(q)), natural log. */
export function klDivergence(p: number, q: number): number {
  const qq = clampP(q);
  let d = 0;
  if (p > 0) d += p * Math.log(p / qq);
  if (p < 1) d += (1 - p) * Math.log((1 - p) / (1 - qq));
  return d;
}

/** Squared Euclidean distance between Bernoulli(p) and Bernoulli(q): 2 (p - q)^2. */
export function euclideanDivergence(p: number, q: number): number {
  return 2 * (p - q) ** 2;
}

/** Chi-squared divergence of Bernoulli(p) from Bernoulli(q): (p-q)^2/q + (p-q)^2/(1-q). */
export function chiDivergence(p: number, q: number): number {
  const qq = clampP(q);
  return (p - q) ** 2 / qq + (p - q) ** 2 / (1 - qq);
}

/** Entropy (natural log) of Bernoulli(p). */
export function entropy(p: number): number {
  let h = 0;
  if (p > 0) h -= p * Math.log(p);
  if (p < 1) h -= (1 - p) * Math.log(1 - p);
  return h;
}

/** Gini impurity of Bernoulli(p). */
export function gini(p: number): number {
  return 1 - p * p - (1 - p) * (1 - p);
}

/** Divergence of arm means `mu` (index 0 = control) for a criterion; continuous outcomes use (mu_k - mu_0)^2 for 'ed'. */
export function nodeDivergence(
  criterion: Exclude<SplitCriterion, 'cts'>,
  mu: ArrayLike<number>,
  binary: boolean,
  active?: ArrayLike<number>,
): number {
  const c = mu[0] as number;
  let d = 0;
  for (let k = 1; k < mu.length; k++) {
    if (active && !active[k]) continue;
    const t = mu[k] as number;
    if (criterion === 'kl') d += klDivergence(t, c);
    else if (criterion === 'chi') d += chiDivergence(t, c);
    else d += binary ? euclideanDivergence(t, c) : (t - c) ** 2;
  }
  return d;
}

/**
 * Rzepakowski & Jaroszewicz (2012) normalisation for several treatments, with the weight alpha
 * between the pooled-treatment and per-treatment terms (CausalML uses alpha = 0.9):
 *   I(A) = alpha * H(N^T/N, N^C/N) * D(P^T(A) : P^C(A))
 *        + (1 - alpha) * sum_k H(N^Tk/(N^Tk+N^C), N^C/(N^Tk+N^C)) * D(P^Tk(A) : P^C(A))
 *        + sum_k N^Tk/N * H(P^Tk(A)) + N^C/N * H(P^C(A)) + 1/2
 * where P^g(A) is the share of group g's rows sent left by test A. KL uses entropy H and KL;
 * Euclidean and chi-squared use Gini impurity and the Euclidean distance, as in the paper.
 * nLeft[a] / n[a]: rows of arm a sent left / in the node.
 */
export function splitNormalization(
  criterion: Exclude<SplitCriterion, 'cts'>,
  nLeft: ArrayLike<number>,
  n: ArrayLike<number>,
  alpha = 0.9,
  active?: ArrayLike<number>,
): number {
  const H = criterion === 'kl' ? entropy : gini;
  const D = criterion === 'kl' ? klDivergence : euclideanDivergence;
  const nC = n[0] as number;
  let nT = 0;
  let nTLeft = 0;
  for (let k = 1; k < n.length; k++) {
    if (active && !active[k]) continue;
    nT += n[k] as number;
    nTLeft += nLeft[k] as number;
  }
  const N = nT + nC;
  if (N <= 0 || nC <= 0) return 1;
  const pC = (nLeft[0] as number) / nC;
  const pT = nT > 0 ? nTLeft / nT : pC;
  let norm = alpha * H(nT / N) * D(pT, pC);
  for (let k = 1; k < n.length; k++) {
    if (active && !active[k]) continue;
    const nk = n[k] as number;
    if (nk <= 0) continue;
    const pk = (nLeft[k] as number) / nk;
    norm += (1 - alpha) * H(nk / (nk + nC)) * D(pk, pC);
    norm += (nk / N) * H(pk);
  }
  norm += (nC / N) * H(pC) + 0.5;
  return norm;
}

/** CTS value of a node: the best arm's mean outcome. */
export function ctsValue(mu: ArrayLike<number>, active?: ArrayLike<number>): number {
  let m = mu[0] as number;
  for (let k = 1; k < mu.length; k++)
    if ((!active || active[k]) && (mu[k] as number) > m) m = mu[k] as number;
  return m;
}
