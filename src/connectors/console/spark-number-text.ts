/**
 * Numbers as Spark's cast to STRING prints them, which is Java's `toString` of the boxed value:
 * `Double.toString`, `Float.toString` and `java.math.BigDecimal.toString`. JavaScript's own
 * `String(n)` differs in the places users notice (`1` vs `1.0`, `1e+21` vs `1.0E21`, `0.00` vs `0E-18`).
 */

/**
 * A DOUBLE as Java's `Double.toString`: at least one digit after the point, scientific notation
 * (`1.0E10`, `1.5E-4`) outside [10^-3, 10^7), `NaN`, `Infinity`, `-0.0`. Digits are the shortest that
 * round-trip, as in JDK 19+ (older JDKs occasionally printed one digit more).
 *
 * @example
 * javaDoubleText(187.5) // '187.5'
 * javaDoubleText(1e10) // '1.0E10'
 */
export function javaDoubleText(value: number): string {
  if (value !== value) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = value < 0 ? -value : value;
  if (abs >= 1e-3 && abs < 1e7) {
    // In this range JavaScript never uses an exponent, and its digits are the shortest round-trip ones.
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  return scientific(value.toExponential());
}

/**
 * A FLOAT as Java's `Float.toString`. The engine holds FLOAT as a double, so the value is first
 * rounded to 32 bits and printed with the fewest digits that identify that 32-bit float
 * (0.1 stays `0.1`, not `0.10000000149011612`).
 *
 * @example
 * javaFloatText(0.1) // '0.1'
 * javaFloatText(3e10) // '3.0E10'
 */
export function javaFloatText(value: number): string {
  const single = Math.fround(value);
  if (single !== single || single === Infinity || single === -Infinity || single === 0) return javaDoubleText(single);
  // Nine significant digits always identify a float; most need far fewer.
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return javaDoubleText(candidate);
  }
  return javaDoubleText(Number(single.toPrecision(9)));
}

/**
 * A DECIMAL(p, s) as `java.math.BigDecimal.toString` (what Spark 3 prints outside ANSI mode): `s`
 * digits after the point, switching to scientific notation when the value is tiny for its scale,
 * so a zero DECIMAL(38, 18) prints as `0E-18` and 0.0000001 at scale 7 as `1E-7`.
 *
 * @example
 * javaDecimalText(1.5, 2) // '1.50'
 * javaDecimalText(0, 18) // '0E-18'
 */
export function javaDecimalText(value: number, scale: number): string {
  if (!Number.isFinite(value)) return javaDoubleText(value);
  const negative = value < 0;
  const plain = plainDigits(negative ? -value : value, scale);
  const point = plain.indexOf('.');
  let unscaled = point < 0 ? plain : plain.slice(0, point) + plain.slice(point + 1);
  unscaled = unscaled.replace(/^0+(?=\d)/, '');
  const adjusted = unscaled.length - 1 - scale;
  const sign = negative && /[1-9]/.test(unscaled) ? '-' : '';
  if (adjusted >= -6) return sign + plain;
  const mantissa = unscaled.length > 1 ? `${unscaled[0]}.${unscaled.slice(1)}` : unscaled;
  return `${sign}${mantissa}E${adjusted}`;
}

/**
 * A TINYINT…BIGINT as Java prints a long: all digits, never an exponent (numbers beyond 10^21,
 * which only an approximate BIGINT reaches, are printed whole).
 *
 * @example
 * integralText(150) // '150'
 * integralText(1e21) // '1000000000000000000000'
 */
export function integralText(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isInteger(value) && (value >= 1e21 || value <= -1e21)) return BigInt(value).toString();
  return String(value);
}

/** `1.5e-7` → `1.5E-7`, `1e+21` → `1.0E21`: JavaScript's exponent form in Java's spelling. */
function scientific(exponential: string): string {
  const e = exponential.indexOf('e');
  const mantissa = exponential.slice(0, e);
  const exponent = exponential.slice(e + 1);
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent[0] === '+' ? exponent.slice(1) : exponent}`;
}

/** The magnitude with exactly `scale` digits after the point, without an exponent. */
function plainDigits(abs: number, scale: number): string {
  // toFixed handles scales up to 100 below 10^21; larger magnitudes are whole numbers in a double.
  if (abs < 1e21 && scale <= 100) return abs.toFixed(scale);
  const whole = BigInt(Math.round(abs)).toString();
  return scale > 0 ? `${whole}.${'0'.repeat(scale)}` : whole;
}
