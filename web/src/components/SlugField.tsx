import { Code } from '@radix-ui/themes'
import { slugError } from '../lib/slug'
import { InputField } from './Field'

interface SlugFieldProps {
  value: string
  onChange: (value: string) => void
  /** Server-side error for this field, shown when there is no local one. */
  serverError?: string
  /** Shown before the slug in the hint, e.g. "/" for pages. */
  previewPrefix?: string
  optional?: boolean
  showErrors: boolean
}

/** A slug input validated live with the server's rule. */
export function SlugField({ value, onChange, serverError, previewPrefix = '/', optional, showErrors }: SlugFieldProps) {
  const local = optional && value === '' ? null : slugError(value)
  const error = (value !== '' || showErrors ? local : null) ?? serverError
  return (
    <InputField
      name="slug"
      label={optional ? 'Slug (optional)' : 'Slug'}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      autoComplete="off"
      spellCheck={false}
      maxLength={100}
      hint={
        value ? (
          <>
            URL: <Code variant="ghost">{previewPrefix + value}</Code>
          </>
        ) : (
          'Lowercase letters, digits and hyphens.'
        )
      }
    />
  )
}
