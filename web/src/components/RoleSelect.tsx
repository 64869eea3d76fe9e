import { Flex, Select, Text } from '@radix-ui/themes'
import { useId } from 'react'
import type { Role } from '../api/types'
import { ROLES, ROLE_DESCRIPTION, ROLE_LABEL, isRole } from '../lib/roles'

interface RoleSelectProps {
  value: Role
  onChange: (role: Role) => void
  /** The input's name attribute (the API field). */
  name?: string
  label?: string
  descriptions?: Record<Role, string>
  error?: string | null
  disabled?: boolean
}

/** Admin / Editor / Viewer, each with what it allows. */
export function RoleSelect({
  value,
  onChange,
  name = 'role',
  label = 'Role',
  descriptions = ROLE_DESCRIPTION,
  error,
  disabled,
}: RoleSelectProps) {
  const id = useId()
  return (
    <Flex direction="column" gap="1">
      {label && (
        <Text as="label" htmlFor={id} size="2" weight="medium">
          {label}
        </Text>
      )}
      <Select.Root
        name={name}
        value={value}
        onValueChange={(v) => isRole(v) && onChange(v)}
        disabled={disabled}
      >
        <Select.Trigger id={id} aria-label={label ? undefined : 'Role'} color={error ? 'red' : undefined}>
          {ROLE_LABEL[value]}
        </Select.Trigger>
        <Select.Content position="popper">
          {ROLES.map((r) => (
            <Select.Item key={r} value={r} style={{ height: 'auto', paddingTop: 6, paddingBottom: 6 }}>
              <Flex direction="column">
                <Text weight="medium">{ROLE_LABEL[r]}</Text>
                {/* Inherits the item's colour, so it stays readable when highlighted. */}
                <Text size="1" style={{ opacity: 0.8 }}>
                  {descriptions[r]}
                </Text>
              </Flex>
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
      {error ? (
        <Text size="1" color="red" role="alert">
          {error}
        </Text>
      ) : label ? (
        <Text size="1" color="gray">
          {descriptions[value]}
        </Text>
      ) : null}
    </Flex>
  )
}
