// Fields shared by "Create component" (editor) and "Edit details" (library).
import { Flex, RadioGroup, Select, Text } from '@radix-ui/themes'
import { useId } from 'react'
import { InputField } from '../../components/Field'
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

export function VisibilityRadios({ value, onChange, error }: { value: Visibility; onChange: (v: Visibility) => void; error?: string | null }) {
  const id = useId()
  return (
    <Flex direction="column" gap="2">
      <Text id={id} size="2" weight="medium">
        Who can use it
      </Text>
      <RadioGroup.Root value={value} onValueChange={(v) => onChange(v as Visibility)} aria-labelledby={id} name="visibility">
        {VISIBILITIES.map((v) => (
          <RadioGroup.Item key={v.value} value={v.value}>
            <Text weight="medium">{v.label}</Text> <Text color="gray">— {v.hint}</Text>
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
      {error && (
        <Text size="1" color="red" role="alert">
          {error}
        </Text>
      )}
    </Flex>
  )
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
