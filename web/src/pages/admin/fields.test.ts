import { describe, expect, it } from 'vitest';
import { labelOf, placeError, placeErrors } from './fields';

describe('placeError: the server field errors on the editor controls', () => {
  it('keeps the keys of controls of their own', () => {
    expect(placeError('signature.returns', "unknown type 'integer'")).toEqual({
      key: 'signature.returns',
      message: "unknown type 'integer'",
    });
    expect(placeError('examples', 'Tuple should have at least 1 item')).toEqual({
      key: 'examples',
      message: 'Tuple should have at least 1 item',
    });
  });

  it('puts a parameter error on the parameters, naming the parameter from 1', () => {
    expect(placeError('signature.params.1.type', "unknown type 'integer'")).toEqual({
      key: 'signature.params',
      message: "Parameter 2 type: unknown type 'integer'",
    });
    expect(placeError('signature.params.0.name', 'String should match pattern')).toEqual({
      key: 'signature.params',
      message: 'Parameter 1 name: String should match pattern',
    });
    expect(placeError('signature.params.2', 'Send a JSON object.').message).toBe('Parameter 3: Send a JSON object.');
  });

  it('puts a test error on its row (0-based, as the server numbers them)', () => {
    expect(placeError('tests.3.args', 'Input should be a valid tuple')).toEqual({
      key: 'tests.3.args',
      message: 'Input should be a valid tuple',
    });
    expect(placeError('tests.0.sample', 'Input should be a valid boolean').key).toBe('tests.0.sample');
    expect(placeError('tests.2.args.1', 'bad').key).toBe('tests.2.args');
    expect(placeError('tests.4', 'Send a JSON object.').key).toBe('tests.4.args');
    expect(placeError('tests.4.extra', 'This field is not allowed here.').key).toBe('tests.4.args');
  });

  it('puts an example error on its row', () => {
    expect(placeError('examples.0.input', 'String should have at least 1 character')).toEqual({
      key: 'examples.0.input',
      message: 'String should have at least 1 character',
    });
    expect(placeError('examples.2.output', 'x').key).toBe('examples.2.output');
    expect(placeError('examples.1.explanation', 'x').key).toBe('examples.1.explanation');
    expect(placeError('examples.1', 'Send a JSON object.').key).toBe('examples.1.input');
  });

  it("puts the whole-question check's message on the test it names", () => {
    expect(placeError('body', 'test 3: argument nums is not a list[int]')).toEqual({
      key: 'tests.3.args',
      message: 'argument nums is not a list[int]',
    });
    expect(placeError('body', 'test 0: 1 args for 2 parameters')).toEqual({
      key: 'tests.0.args',
      message: '1 args for 2 parameters',
    });
    expect(placeError('body', 'test 12: expected value is not a list[int]')).toEqual({
      key: 'tests.12.expected',
      message: 'expected value is not a list[int]',
    });
  });

  it('puts the other whole-question messages on their field, or leaves them to the summary', () => {
    expect(placeError('body', 'a python reference solution is required').key).toBe('solutions.python');
    expect(placeError('body', 'tests need both sample (shown) and hidden cases').key).toBe('tests');
    expect(placeError('body', 'The body is not valid JSON.')).toEqual({
      key: 'body',
      message: 'The body is not valid JSON.',
    });
  });

  it('falls back to the nearest control, else keeps the key', () => {
    expect(placeError('constraints.0', 'Input should be a valid string').key).toBe('constraints');
    expect(placeError('editorial.time', "String should match pattern '^O\\(.+\\)$'").key).toBe('editorial.time');
    expect(placeError('solutions', 'This field is required.').key).toBe('solutions.python');
    expect(placeError('revision', 'This field is not allowed here.').key).toBe('revision');
  });

  it('shows two errors for one control together', () => {
    expect(
      placeErrors({
        'signature.params.1.name': "String should match pattern '^[a-z][a-z0-9_]*$'",
        'signature.params.1.type': "unknown type 'integer'",
        statement: 'String should have at least 60 characters',
      }),
    ).toEqual({
      'signature.params':
        "Parameter 2 name: String should match pattern '^[a-z][a-z0-9_]*$'. Parameter 2 type: unknown type 'integer'",
      statement: 'String should have at least 60 characters',
    });
  });
});

describe('labelOf', () => {
  it('names the controls as their labels do, rows from 1', () => {
    expect(labelOf('signature.params')).toBe('Parameters');
    expect(labelOf('examples')).toBe('Examples');
    expect(labelOf('tests.0.args')).toBe('Test 1 Args');
    expect(labelOf('tests.3.expected')).toBe('Test 4 Expected');
    expect(labelOf('tests.1.sample')).toBe('Test 2 sample');
    expect(labelOf('examples.0.input')).toBe('Example 1 Input');
    expect(labelOf('examples.2.explanation')).toBe('Example 3 Explanation');
    expect(labelOf('examples.0.other')).toBeNull();
    expect(labelOf('body')).toBeNull();
  });
});
