import { describe, expect, it } from 'vitest';
import { featureLabel, goalLabel } from './labels.ts';

describe('model features in words', () => {
  it('spells out windows and abbreviations', () => {
    expect(featureLabel('sessions_30d')).toBe('Sessions (last 30 days)');
    expect(featureLabel('top_category_view_share_90d')).toBe('Top category view share (last 90 days)');
    expect(featureLabel('content_interactions_lifetime')).toBe('Content interactions (ever)');
    expect(featureLabel('days_since_last_exposure')).toBe('Days since last campaign message');
    expect(featureLabel('acquisition_source')).toBe('Acquisition source');
    expect(featureLabel('aov_90d')).toBe('Average order value (last 90 days)');
    expect(featureLabel('return_rate_items')).toBe('Share of bought items returned');
    expect(featureLabel('last_abandon_age_hours')).toBe('Hours since the last abandoned cart');
    expect(featureLabel('abandonments_90d')).toBe('Abandoned carts (last 90 days)');
  });
});

describe('goals in words', () => {
  it('reads every goal as words, not its id with spaces ("Aov increase")', () => {
    expect(goalLabel('aov_increase')).toBe('Higher average order value');
    expect(goalLabel('cross_sell')).toBe('Cross-sell');
    expect(goalLabel('cart_recovery')).toBe('Cart recovery');
  });
});
