// The tests: a table row for each (args and expected value as JSON, sample or hidden, an explanation), added
// and removed; each control shows its own error below it.
import { Button } from '../../ui/Button';
import { emptyTest, type TestDraft } from './draft';
import { TEST_FIELDS } from './fields';
import type { DraftForm } from './useDraftForm';

function ErrorText({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <p className="field__error" id={id}>
      {error}
    </p>
  );
}

function TestRow({ form, test, index }: { form: DraftForm; test: TestDraft; index: number }) {
  const { draft, errors, idOf, updateTest, updateRows } = form;
  const n = String(index + 1);
  const cell = (key: 'args' | 'expected' | 'explanation') => {
    const errorKey = `tests.${String(index)}.${key}`;
    const error = errors[errorKey];
    return (
      <td>
        <input
          type="text"
          className="field__input"
          id={idOf(errorKey)}
          aria-label={`Test ${n} ${TEST_FIELDS[key] ?? key}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idOf(errorKey)}-error` : undefined}
          value={test[key]}
          onChange={(event) => {
            updateTest(index, { [key]: event.target.value }, key);
          }}
        />
        <ErrorText id={`${idOf(errorKey)}-error`} error={error} />
      </td>
    );
  };
  const sampleKey = `tests.${String(index)}.sample`;
  const sampleError = errors[sampleKey];
  return (
    <tr>
      <th scope="row">{n}</th>
      {cell('args')}
      {cell('expected')}
      <td>
        <input
          type="checkbox"
          id={idOf(sampleKey)}
          aria-label={`Test ${n} sample`}
          aria-invalid={sampleError ? true : undefined}
          aria-describedby={sampleError ? `${idOf(sampleKey)}-error` : undefined}
          checked={test.sample}
          onChange={(event) => {
            updateTest(index, { sample: event.target.checked }, 'sample');
          }}
        />
        <ErrorText id={`${idOf(sampleKey)}-error`} error={sampleError} />
      </td>
      {cell('explanation')}
      <td>
        <Button
          variant="ghost"
          onClick={() => {
            updateRows({ tests: draft.tests.filter((_, i) => i !== index) }, 'tests');
          }}
        >
          Remove test {n}
        </Button>
      </td>
    </tr>
  );
}

export function TestsEditor({ form }: { form: DraftForm }) {
  const { draft, errors, idOf, updateRows } = form;
  return (
    <>
      <h2 id={idOf('tests')} tabIndex={-1}>
        Tests
      </h2>
      {errors.tests && <p className="field__error">{errors.tests}</p>}
      {/* its own scroll on a narrow screen: a table of inputs is wider than a phone, the page is not */}
      <div className="table-scroll" role="region" aria-label="Tests table">
        <table className="editor__tests">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Args (JSON array)</th>
              <th scope="col">Expected (JSON)</th>
              <th scope="col">Sample</th>
              <th scope="col">Explanation</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {draft.tests.map((test, index) => (
              <TestRow key={test.key} form={form} test={test} index={index} />
            ))}
          </tbody>
        </table>
      </div>
      <Button
        variant="secondary"
        onClick={() => {
          updateRows({ tests: [...draft.tests, emptyTest()] }, 'tests');
        }}
      >
        Add test
      </Button>
    </>
  );
}
