// The question list's admin tools: a new question, export of the whole bank, import of a bank file.
import { type ChangeEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { exportQuestions, importQuestions } from '../../api/questions';
import type { BankQuestion, ImportCounts } from '../../api/questionTypes';
import { useMutation } from '../../hooks/useMutation';
import { Button, buttonClass } from '../../ui/Button';
import { StatusMessage } from '../../ui/Status';

function download(questions: BankQuestion[]): void {
  const blob = new Blob([`${JSON.stringify(questions, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `questions-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

class BadFile extends Error {}

async function readBank(file: File): Promise<BankQuestion[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await file.text());
  } catch {
    throw new BadFile(`${file.name} isn't JSON.`);
  }
  if (!Array.isArray(parsed)) throw new BadFile(`${file.name} isn't a list of questions (a JSON array).`);
  return parsed as BankQuestion[];
}

function countsText({ created, updated, unchanged }: ImportCounts): string {
  return `Imported: ${String(created)} created, ${String(updated)} updated, ${String(unchanged)} unchanged.`;
}

export function AdminTools({ onImported }: { onImported: () => void }) {
  const id = useId();
  const [fileError, setFileError] = useState<string | null>(null);
  const exporting = useMutation(exportQuestions);
  const importing = useMutation(importQuestions);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (file === undefined) return;
    setFileError(null);
    importing.reset();
    let questions: BankQuestion[];
    try {
      questions = await readBank(file);
    } catch (error) {
      setFileError(error instanceof BadFile ? error.message : "Couldn't read the file.");
      return;
    } finally {
      input.value = '';
    }
    const result = await importing.run(questions);
    if (result.ok) onImported();
  };

  const importError = importing.error;
  let message: string | null = null;
  let tone: 'success' | 'error' = 'success';
  if (fileError !== null) {
    message = fileError;
    tone = 'error';
  } else if (importError !== null) {
    const fields = Object.entries(importError.fieldErrors).map(([key, text]) => `${key}: ${text}`);
    message = [importError.message, ...fields].join(' ');
    tone = 'error';
  } else if (exporting.error !== null) {
    message = exporting.error.message;
    tone = 'error';
  } else if (importing.data !== undefined) {
    message = countsText(importing.data);
  }

  return (
    <section className="admin-tools" aria-label="Admin tools">
      <Link to="/admin/questions/new" className={buttonClass()}>
        New question
      </Link>
      <Button
        variant="secondary"
        loading={exporting.pending}
        onClick={() => {
          void exporting.run().then((result) => {
            if (result.ok) download(result.data);
          });
        }}
      >
        Export questions
      </Button>
      <span className="field">
        <label className="field__label" htmlFor={`${id}-import`}>
          Import questions
        </label>
        <input
          id={`${id}-import`}
          type="file"
          accept="application/json,.json"
          disabled={importing.pending}
          onChange={(event) => void onFile(event)}
        />
      </span>
      <StatusMessage tone={tone}>{importing.pending ? 'Importing…' : message}</StatusMessage>
    </section>
  );
}
