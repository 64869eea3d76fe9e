// "Who can use it": the private / team / organization choice of templates
// and reusable components, each option with what it means for that thing.
import { Flex, RadioGroup, Text } from '@radix-ui/themes'
import { useId } from 'react'

export type Visibility = 'private' | 'team' | 'organization'

export interface VisibilityOption {
  value: Visibility
  label: string
  hint: string
}

export function VisibilityField({
  options,
  value,
  onChange,
  error,
}: {
  options: readonly VisibilityOption[]
  value: Visibility
  onChange: (v: Visibility) => void
  error?: string | null
}) {
  const id = useId()
  return (
    <Flex direction="column" gap="2">
      <Text id={id} size="2" weight="medium">
        Who can use it
      </Text>
      <RadioGroup.Root value={value} onValueChange={(v) => onChange(v as Visibility)} aria-labelledby={id} name="visibility">
        {options.map((v) => (
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
