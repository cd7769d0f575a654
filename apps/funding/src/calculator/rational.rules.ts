/**
 * An exact fraction of two bigints (denominator positive, kept in lowest terms). The calculator finds its
 * spreading factor as one, so a county's share is never a rounded float; rounding happens once, at the end,
 * by the largest-remainder rule.
 */
export class Rational {
  readonly n: bigint;
  readonly d: bigint;

  constructor(n: bigint, d = 1n) {
    if (d === 0n) throw new RangeError('Rational with a zero denominator');
    const sign = d < 0n ? -1n : 1n;
    const divisor = gcd(n < 0n ? -n : n, d < 0n ? -d : d) || 1n;
    this.n = (sign * n) / divisor;
    this.d = (sign * d) / divisor;
  }

  static of(n: bigint): Rational {
    return new Rational(n, 1n);
  }

  add(other: Rational): Rational {
    return new Rational(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  sub(other: Rational): Rational {
    return new Rational(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  mul(other: Rational): Rational {
    return new Rational(this.n * other.n, this.d * other.d);
  }

  div(other: Rational): Rational {
    return new Rational(this.n * other.d, this.d * other.n);
  }

  cmp(other: Rational): number {
    const left = this.n * other.d;
    const right = other.n * this.d;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  /** The largest integer not above this value. */
  floor(): bigint {
    const quotient = this.n / this.d;
    return this.n < 0n && quotient * this.d !== this.n ? quotient - 1n : quotient;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
