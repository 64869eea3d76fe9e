// Star ratings: a read-only display and a 1–5 radio group (native radios,
// so arrow keys, Tab and screen readers work as everywhere else).
import { Star, StarHalf } from 'lucide-react'
import { useId, useState } from 'react'
import { formatRating, starsLabel } from './helpers'

/** Five stars filled to `value` (to the nearest half). */
export function Stars({ value, size = 14, label }: { value: number; size?: number; label?: string }) {
  const rounded = Math.round(Math.min(5, Math.max(0, value)) * 2) / 2
  return (
    <span className="pw-tpl-stars" role="img" aria-label={label ?? `Rated ${formatRating(value)} out of 5`}>
      {[1, 2, 3, 4, 5].map((i) =>
        i <= rounded ? (
          <Star key={i} size={size} className="pw-tpl-star" data-fill="full" aria-hidden="true" />
        ) : i - 0.5 === rounded ? (
          <span key={i} className="pw-tpl-star-half" aria-hidden="true">
            <Star size={size} className="pw-tpl-star" data-fill="empty" />
            <StarHalf size={size} className="pw-tpl-star" data-fill="full" />
          </span>
        ) : (
          <Star key={i} size={size} className="pw-tpl-star" data-fill="empty" aria-hidden="true" />
        ),
      )}
    </span>
  )
}

interface StarInputProps {
  value: number
  onChange: (value: number) => void
  legend: string
  error?: string | null
  disabled?: boolean
}

/** A 1–5 star radio group labelled "1 star" … "5 stars". */
export function StarInput({ value, onChange, legend, error, disabled }: StarInputProps) {
  const name = useId()
  const [hover, setHover] = useState(0)
  const shown = hover || value
  return (
    <fieldset className="pw-tpl-star-input" aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} disabled={disabled}>
      <legend className="pw-tpl-legend">{legend}</legend>
      <div className="pw-tpl-star-row" onMouseLeave={() => setHover(0)}>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="pw-tpl-star-option" onMouseEnter={() => setHover(n)}>
            <input
              type="radio"
              className="visually-hidden pw-tpl-star-radio"
              name={name}
              value={n}
              checked={value === n}
              onChange={() => onChange(n)}
            />
            <Star size={24} className="pw-tpl-star" data-fill={n <= shown ? 'full' : 'empty'} aria-hidden="true" />
            <span className="visually-hidden">{starsLabel(n)}</span>
          </label>
        ))}
        <span className="pw-tpl-star-caption" aria-hidden="true">
          {shown ? starsLabel(shown) : 'Not rated'}
        </span>
      </div>
      {error && (
        <span id={`${name}-error`} className="pw-tpl-field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  )
}
