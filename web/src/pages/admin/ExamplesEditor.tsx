// The examples shown with the statement: a row of fields for each, added and removed, beside their preview.
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/TextField';
import { emptyExample, type ExampleDraft } from './draft';
import { ExamplesPreview } from './ExamplesPreview';
import { EXAMPLE_FIELDS } from './fields';
import type { ControlProps, DraftForm } from './useDraftForm';

function ExampleRow({ form, example, index }: { form: DraftForm; example: ExampleDraft; index: number }) {
  const { draft, errors, idOf, updateExample, updateRows } = form;
  const n = String(index + 1);
  const field = (key: 'input' | 'output' | 'explanation'): ControlProps => {
    const errorKey = `examples.${String(index)}.${key}`;
    return {
      id: idOf(errorKey),
      label: `Example ${n} ${EXAMPLE_FIELDS[key] ?? key}`,
      value: example[key],
      error: errors[errorKey],
      onChange: (event) => {
        updateExample(index, { [key]: event.target.value }, key);
      },
    };
  };
  return (
    <fieldset>
      <legend className="field__label">Example {n}</legend>
      <TextField {...field('input')} spellCheck={false} required />
      <TextField {...field('output')} spellCheck={false} required />
      <TextField {...field('explanation')} />
      <Button
        variant="ghost"
        onClick={() => {
          updateRows({ examples: draft.examples.filter((_, i) => i !== index) }, 'examples');
        }}
      >
        Remove example {n}
      </Button>
    </fieldset>
  );
}

export function ExamplesEditor({ form }: { form: DraftForm }) {
  const { draft, errors, idOf, updateRows } = form;
  return (
    <>
      <h2 id={idOf('examples')} tabIndex={-1}>
        Examples
      </h2>
      <p className="field__hint">
        Shown with the statement; one at least. Input and output as people read them, e.g. &ldquo;nums = [2,7,11,15],
        target = 9&rdquo;; the explanation may use inline Markdown.
      </p>
      {errors.examples && (
        <p className="field__error" id={`${idOf('examples')}-error`}>
          {errors.examples}
        </p>
      )}
      <div className="editor__grid">
        <div>
          {draft.examples.map((example, index) => (
            <ExampleRow key={example.key} form={form} example={example} index={index} />
          ))}
          <Button
            variant="secondary"
            onClick={() => {
              updateRows({ examples: [...draft.examples, emptyExample()] }, 'examples');
            }}
          >
            Add example
          </Button>
        </div>
        <section aria-labelledby={idOf('examples-preview')}>
          <h3 id={idOf('examples-preview')} className="field__label">
            Examples preview
          </h3>
          <div className="editor__preview" data-testid="examples-preview">
            <ExamplesPreview examples={draft.examples} />
          </div>
        </section>
      </div>
    </>
  );
}
