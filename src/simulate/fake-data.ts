import { base, de, en, en_AU, en_CA, en_GB, en_US, Faker, fr, type LocaleDefinition } from '@faker-js/faker';
import type { Rng } from '../core/rng.ts';

/**
 * Faker, driven by the project's seeded Rng instead of its own generator: each customer's
 * names and city come from that customer's own stream, so the data do not depend on the order
 * in which customers are generated (chunks, threads).
 */
export class SeededFaker {
  private current: Rng | null = null;
  private readonly byCountry = new Map<string, Faker>();

  constructor() {
    const randomizer = {
      next: (): number => {
        if (!this.current) throw new Error('SeededFaker.use(rng) must be called before drawing');
        return this.current.next();
      },
      seed: (): void => {},
    };
    const make = (locale: LocaleDefinition[]) => new Faker({ locale, randomizer });
    this.byCountry.set('USA', make([en_US, en, base]));
    this.byCountry.set('United Kingdom', make([en_GB, en, base]));
    this.byCountry.set('Canada', make([en_CA, en, base]));
    this.byCountry.set('Germany', make([de, en, base]));
    this.byCountry.set('France', make([fr, en, base]));
    this.byCountry.set('Australia', make([en_AU, en, base]));
  }

  /** Draws from `rng` until the next call to `use`. */
  use(rng: Rng): this {
    this.current = rng;
    return this;
  }

  for(country: string): Faker {
    const f = this.byCountry.get(country);
    if (!f) throw new Error(`no faker locale for ${country}`);
    return f;
  }
}

/** Country mix of the shop's customers (a US-based shop that ships to five other markets). */
export const COUNTRIES = ['USA', 'United Kingdom', 'Canada', 'Germany', 'France', 'Australia'] as const;
export const COUNTRY_WEIGHTS = Float64Array.from([0.56, 0.12, 0.1, 0.08, 0.06, 0.08]);

/** Lower-case ASCII for email local parts (Müller → muller). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();
}
