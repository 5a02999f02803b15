import { useMemo, useState } from 'react';
import { LANGUAGES, type Language, type Proficiency, type ProfileUpdate, type User } from '../../api/types';
import { useAuth } from '../../auth/context';
import { useForm } from '../../hooks/useForm';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { StatusMessage } from '../../ui/Status';
import { SelectField, TextField } from '../../ui/TextField';
import { validateAvatarColor, validateAvatarUrl, validateDisplayName, validateTimezone } from '../../validation';

const LANGUAGE_NAMES: Record<Language, string> = {
  python: 'Python',
  javascript: 'JavaScript',
  java: 'Java',
  cpp: 'C++',
};

const PROFICIENCY_NAMES: Record<Proficiency, string> = {
  1: '1 · Just starting',
  2: '2 · Getting comfortable',
  3: '3 · Confident',
  4: '4 · Strong',
  5: '5 · Interview-ready',
};

type Values = Record<
  'display_name' | 'avatar_color' | 'avatar_url' | 'language' | 'proficiency' | 'timezone',
  string
>;

function valuesOf(user: User): Values {
  return {
    display_name: user.display_name,
    avatar_color: user.avatar_color,
    avatar_url: user.avatar_url ?? '',
    language: user.language,
    proficiency: user.proficiency === null ? '' : String(user.proficiency),
    timezone: user.timezone,
  };
}

/** Only what changed, in the API's types. */
export function profileChanges(before: Values, after: Values): ProfileUpdate {
  const update: ProfileUpdate = {};
  if (after.display_name.trim() !== before.display_name) update.display_name = after.display_name.trim();
  if (after.avatar_color !== before.avatar_color) update.avatar_color = after.avatar_color.toLowerCase();
  if (after.avatar_url.trim() !== before.avatar_url) update.avatar_url = after.avatar_url.trim() || null;
  if (after.language !== before.language) update.language = after.language as Language;
  if (after.proficiency !== before.proficiency) {
    update.proficiency = after.proficiency === '' ? null : Number(after.proficiency);
  }
  if (after.timezone !== before.timezone) update.timezone = after.timezone;
  return update;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function ProfileForm({ user }: { user: User }) {
  const { updateProfile } = useAuth();
  // The profile as last saved: the base for what changed.
  const [saved, setSaved] = useState<User>(user);
  const zones = useMemo(() => timeZones(), []);
  const form = useForm({
    initialValues: valuesOf(saved),
    labels: {
      display_name: 'Display name',
      avatar_color: 'Avatar colour',
      avatar_url: 'Avatar image URL',
      language: 'Preferred language',
      proficiency: 'Proficiency',
      timezone: 'Time zone',
    },
    validate: (v) => ({
      display_name: validateDisplayName(v.display_name) ?? undefined,
      avatar_color: validateAvatarColor(v.avatar_color) ?? undefined,
      avatar_url: validateAvatarUrl(v.avatar_url) ?? undefined,
      timezone: validateTimezone(v.timezone) ?? undefined,
    }),
    onSubmit: async (v) => {
      const changes = profileChanges(valuesOf(saved), v);
      return Object.keys(changes).length === 0 ? saved : updateProfile(changes);
    },
    onSuccess: (updated) => {
      setSaved(updated);
      form.reset(valuesOf(updated));
    },
  });

  return (
    <form className="form" noValidate onSubmit={form.handleSubmit}>
      <FormError summary={form.summary} focusKey={form.focusKey} />
      <StatusMessage>{form.status === 'success' ? 'Profile saved.' : null}</StatusMessage>
      <TextField {...form.field('display_name')} label="Display name" autoComplete="nickname" />
      <div className="field-row">
        <SelectField {...form.field('language')} label="Preferred language">
          {LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </SelectField>
        <SelectField {...form.field('proficiency')} label="Proficiency">
          <option value="">Not set</option>
          {([1, 2, 3, 4, 5] as const).map((level) => (
            <option key={level} value={String(level)}>
              {PROFICIENCY_NAMES[level]}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        {...form.field('timezone')}
        label="Time zone"
        list="timezone-options"
        autoComplete="off"
        spellCheck={false}
        hint="An IANA name, like Europe/London."
      />
      <datalist id="timezone-options">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="field-row">
        <TextField {...form.field('avatar_color')} label="Avatar colour" type="color" />
        <TextField
          {...form.field('avatar_url')}
          label="Avatar image URL"
          type="url"
          inputMode="url"
          placeholder="https://"
          hint="Optional. An https:// link to a picture."
        />
      </div>
      <div className="form-actions">
        <Button type="submit" loading={form.pending}>
          Save profile
        </Button>
      </div>
    </form>
  );
}
