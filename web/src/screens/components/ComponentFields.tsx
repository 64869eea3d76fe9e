// Fields shared by "Create component" (editor) and "Edit details" (library).
import { Flex, Select, Text } from '@radix-ui/themes'
import { useId } from 'react'
import { InputField } from '../../components/Field'
import { VisibilityField } from '../../components/VisibilityField'
import { CATEGORIES, VISIBILITIES, type Visibility } from './api'

export function CategorySelect({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  const id = useId()
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        Category
      </Text>
      <Select.Root value={value} onValueChange={onChange} name="category">
        <Select.Trigger id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} color={error ? 'red' : undefined} />
        <Select.Content position="popper">
          {CATEGORIES.map((c) => (
            <Select.Item key={c} value={c}>
              {c}
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      {error ? (
        <Text id={`${id}-error`} size="1" color="red" role="alert">
          {error}
        </Text>
      ) : (
        <Text size="1" color="gray">
          Where it is filed in the library and the editor’s Components tab.
        </Text>
      )}
    </Flex>
  )
}

export function TagsInput({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  return (
    <InputField
      name="tags"
      label="Tags"
      placeholder="opening hours, clinic"
      value={value}
      autoComplete="off"
      error={error}
      hint="Separate tags with commas (up to 10). Search finds components by their tags."
      onChange={(e) => onChange(e.target.value)}
    />
  )
}

export function VisibilityRadios(props: { value: Visibility; onChange: (v: Visibility) => void; error?: string | null }) {
  return <VisibilityField options={VISIBILITIES} {...props} />
}

/** A likely category for a component whose top node has this type. */
export function guessCategory(type: string): string {
  if (['Section', 'Hero', 'Container', 'Stack', 'Columns', 'Accordion', 'Tabs'].includes(type)) return 'Sections'
  if (['Navbar', 'Footer'].includes(type)) return 'Navigation'
  if (['Form', 'TextInput', 'Textarea', 'Select', 'Checkbox', 'RadioGroup', 'SubmitButton'].includes(type)) return 'Forms'
  if (['Card', 'Testimonial', 'PricingTable'].includes(type)) return 'Cards'
  if (['Button', 'Link'].includes(type)) return 'Calls to action'
  if (['Image', 'Video', 'Icon'].includes(type)) return 'Media'
  if (['Heading', 'Text', 'List', 'Table', 'Divider', 'Spacer'].includes(type)) return 'Content'
  return 'Other'
}
