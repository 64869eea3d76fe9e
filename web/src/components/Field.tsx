import { Flex, Text, TextArea, TextField } from '@radix-ui/themes'
import { useId, type ComponentProps, type ReactNode } from 'react'

interface FieldShellProps {
  id: string
  label: string
  hint?: ReactNode
  error?: string | null
  children: ReactNode
}

function FieldShell({ id, label, hint, error, children }: FieldShellProps) {
  return (
    <Flex direction="column" gap="1">
      <Text as="label" htmlFor={id} size="2" weight="medium">
        {label}
      </Text>
      {children}
      {error ? (
        <Text id={`${id}-error`} size="1" color="red" role="alert">
          {error}
        </Text>
      ) : hint ? (
        <Text id={`${id}-hint`} size="1" color="gray">
          {hint}
        </Text>
      ) : null}
    </Flex>
  )
}

type TextFieldProps = Omit<ComponentProps<typeof TextField.Root>, 'id' | 'name' | 'children'> & {
  /** The API field name; also the input's name attribute. */
  name: string
  label: string
  hint?: ReactNode
  error?: string | null
  prefix?: ReactNode
}

/** A labelled text input with a hint or an error below it. */
export function InputField({ name, label, hint, error, prefix, ...rest }: TextFieldProps) {
  const id = `${useId()}-${name}`
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <TextField.Root
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        color={error ? 'red' : undefined}
        {...rest}
      >
        {prefix && <TextField.Slot>{prefix}</TextField.Slot>}
      </TextField.Root>
    </FieldShell>
  )
}

type TextAreaFieldProps = Omit<ComponentProps<typeof TextArea>, 'id' | 'name'> & {
  name: string
  label: string
  hint?: ReactNode
  error?: string | null
}

export function TextAreaField({ name, label, hint, error, ...rest }: TextAreaFieldProps) {
  const id = `${useId()}-${name}`
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <TextArea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        color={error ? 'red' : undefined}
        {...rest}
      />
    </FieldShell>
  )
}
