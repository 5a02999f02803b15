// The string formats of docs/ws.schema.json, as the generated validator (./generated/validate.js) checks them:
// a `date-time` is what this client can read, since every one of them goes through `Date.parse`.
export const formats = {
  'date-time': (value: string): boolean => !Number.isNaN(Date.parse(value)),
};

/** A string's length as JSON Schema counts it (code points, not UTF-16 units), for minLength and maxLength. */
export const codePoints = (value: string): number => Array.from(value).length;
