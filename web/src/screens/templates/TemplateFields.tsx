// Fields shared by the "Publish as template" and "Edit details" dialogs.
import { Badge, Flex, IconButton, Select, Text } from '@radix-ui/themes'
import { useQuery } from '@tanstack/react-query'
import { X } from 'lucide-react'
import { useId } from 'react'
import { InputField } from '../../components/Field'
import { categoryLabel, templateCategoriesQuery, type Visibility } from './api'
import { VisibilityField as SharedVisibilityField } from '../../components/VisibilityField'
import { parseTags, VISIBILITIES } from './helpers'

export function CategoryField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  const id = useId()
  const categories = useQuery(templateCategoriesQuery)
  const items = categories.data ?? []
  const options = value && !items.some((c) => c.slug === value) ? [{ slug: value, label: categoryLabel(value), count: 0 }, ...items] : items
  const message = error ?? (categories.isError ? 'Could not load the categories.' : null)
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        Category
      </Text>
      <Select.Root value={value} onValueChange={onChange} name="category" disabled={categories.isPending && !value}>
        <Select.Trigger
          id={id}
          placeholder={categories.isPending ? 'Loading categories…' : 'Choose a category'}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          color={message ? 'red' : undefined}
        />
        <Select.Content position="popper">
          {options.map((c) => (
            <Select.Item key={c.slug} value={c.slug}>
              {c.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      {message && (
        <Text id={`${id}-error`} size="1" color="red" role="alert">
          {message}
        </Text>
      )}
    </Flex>
  )
}

/** A comma-separated tags input; the parsed tags show below as chips. */
export function TagsField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  const tags = parseTags(value)
  const remove = (tag: string) => onChange(tags.filter((t) => t !== tag).join(', '))
  return (
    <Flex direction="column" gap="2">
      <InputField
        name="tags"
        label="Tags"
        placeholder="vaccination, flu, campaign"
        value={value}
        autoComplete="off"
        error={error}
        hint="Separate tags with commas. They help people find the template."
        onChange={(e) => onChange(e.target.value)}
      />
      {tags.length > 0 && (
        <Flex asChild gap="2" wrap="wrap">
          <ul className="pw-tpl-chips" aria-label="Tags">
            {tags.map((t) => (
              <li key={t}>
                <Badge variant="soft" radius="full" size="2" highContrast className="pw-tpl-chip">
                  {t}
                  <IconButton type="button" size="1" variant="ghost" color="gray" radius="full" aria-label={`Remove tag ${t}`} onClick={() => remove(t)}>
                    <X size={12} />
                  </IconButton>
                </Badge>
              </li>
            ))}
          </ul>
        </Flex>
      )}
    </Flex>
  )
}

export function VisibilityField(props: { value: Visibility; onChange: (v: Visibility) => void; error?: string | null }) {
  return <SharedVisibilityField options={VISIBILITIES} {...props} />
}
