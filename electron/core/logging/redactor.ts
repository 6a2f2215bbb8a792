/** Field names whose values are secret whatever they hold. */
const SECRET_FIELD = /pass(word|phrase)?|secret|token|authorization|private.?key|credential/i;
const REDACTED = '[redacted]';

/**
 * Removes secrets from anything about to be logged: values registered at run time (passwords, tokens
 * read from the keychain) wherever they appear, and any field whose name says it is secret.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value; very short values are refused because masking them would garble logs. */
  register(value: string): void {
    if (value.length >= 4) this.secrets.add(value);
  }

  text(input: string): string {
    let output = input;
    for (const secret of this.secrets) output = output.split(secret).join(REDACTED);
    return output;
  }

  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input instanceof Error) return { name: input.name, message: this.text(input.message) };
    if (input === null || typeof input !== 'object' || depth > 6) return input;
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      result[key] = SECRET_FIELD.test(key) && item != null ? REDACTED : this.value(item, depth + 1);
    }
    return result;
  }
}
