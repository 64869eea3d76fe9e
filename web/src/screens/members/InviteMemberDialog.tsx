import { Box, Button, Dialog, Flex, IconButton, Select, Text } from '@radix-ui/themes'
import { Plus, X } from 'lucide-react'
import { useId, useRef, useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { useInviteMember } from '../../api/members'
import type { InvitationWithLink, Role, Site } from '../../api/types'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { RoleSelect } from '../../components/RoleSelect'
import { useToast } from '../../components/Toaster'
import { SITE_ROLE_DESCRIPTION } from '../../lib/roles'
import { InvitationLinkView } from './InvitationLink'
import { useAllSites } from './useAllSites'

interface GrantRow {
  key: number
  siteId: string
  role: Role
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/

/** Server field errors for grants come as grants[0].resourceId or grants.0.resourceId. */
function grantError(errors: Record<string, string>, index: number): string | undefined {
  for (const [k, v] of Object.entries(errors)) {
    if (k.startsWith(`grants[${index}]`) || k.startsWith(`grants.${index}`)) return v
  }
  return undefined
}

export function SitePicker({
  sites,
  value,
  onChange,
  name,
  label,
}: {
  sites: Site[]
  value: string
  onChange: (siteId: string) => void
  name: string
  label: string
}) {
  return (
    <Select.Root name={name} value={value || undefined} onValueChange={onChange}>
      <Select.Trigger placeholder="Choose a site" aria-label={label} style={{ width: '100%' }} />
      <Select.Content position="popper">
        {sites.map((s) => (
          <Select.Item key={s.id} value={s.id}>
            {s.name}
          </Select.Item>
        ))}
      </Select.Content>
    </Select.Root>
  )
}

/** "Invite member": email, role and optional access to particular sites. */
export function InviteMemberDialog({ onClose }: { onClose: () => void }) {
  const invite = useInviteMember()
  const toast = useToast()
  const { sites } = useAllSites()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('editor')
  const [grants, setGrants] = useState<GrantRow[]>([])
  const [submitted, setSubmitted] = useState(false)
  const [created, setCreated] = useState<InvitationWithLink | null>(null)
  const nextKey = useRef(1)
  const grantsLabelId = useId()

  const serverErrors = invite.error instanceof ApiError ? invite.error.fieldErrors() : {}
  const conflict =
    invite.error instanceof ApiError && (invite.error.code === 'member.exists' || invite.error.code === 'invitation.pending')
      ? invite.error.detail
      : undefined
  const trimmed = email.trim()
  const localEmailError = !trimmed
    ? 'Enter their email address.'
    : !EMAIL_PATTERN.test(trimmed)
      ? 'Enter an email address like sam@example.com.'
      : null
  const emailError = (submitted ? localEmailError : null) ?? serverErrors.email ?? conflict
  // Admins can already do everything: grants picked before switching to Admin are dropped.
  const sentGrants = role === 'admin' ? [] : grants
  const incompleteGrant = sentGrants.findIndex((g) => !g.siteId)
  const shownInPlace = Boolean(conflict) || Object.keys(serverErrors).length > 0

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (localEmailError || incompleteGrant >= 0) return
    invite.mutate(
      {
        email: trimmed,
        role,
        grants: sentGrants.length
          ? sentGrants.map((g) => ({ resourceType: 'site' as const, resourceId: g.siteId, role: g.role }))
          : undefined,
      },
      {
        onSuccess: (res) => {
          if (res.invitation.emailStatus === 'sent') {
            toast.success('Invitation sent', `${res.invitation.email} will get an email with a link to join.`)
            onClose()
          } else {
            setCreated(res)
          }
        },
      },
    )
  }

  const updateGrant = (key: number, patch: Partial<GrantRow>) =>
    setGrants((prev) => prev.map((g) => (g.key === key ? { ...g, ...patch } : g)))

  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content
        maxWidth="540px"
        // Once the link is on screen, closing needs a deliberate "Done".
        onInteractOutside={(e) => created && e.preventDefault()}
      >
        {created ? (
          <InvitationLinkView result={created} onDone={onClose} />
        ) : (
          <>
            <Dialog.Title>Invite member</Dialog.Title>
            <Dialog.Description size="2" color="gray" mb="4">
              They get a link to join your organisation and choose their own password.
            </Dialog.Description>
            <form onSubmit={onSubmit} noValidate>
              <Flex direction="column" gap="4">
                {invite.error && !shownInPlace && <ErrorCallout error={invite.error} />}
                <InputField
                  name="email"
                  type="email"
                  label="Email"
                  placeholder="sam@riverside.example"
                  autoComplete="off"
                  autoFocus
                  value={email}
                  error={emailError}
                  onChange={(e) => {
                    setEmail(e.target.value)
                    if (conflict) invite.reset()
                  }}
                />
                <RoleSelect value={role} onChange={setRole} error={serverErrors.role} />

                <Flex direction="column" gap="2">
                  <Box>
                    <Text as="div" id={grantsLabelId} size="2" weight="medium">
                      Access to particular sites (optional)
                    </Text>
                    <Text as="div" size="1" color="gray">
                      {role === 'admin'
                        ? 'Admins can already do everything on every site.'
                        : 'Give more than their role on the sites you choose. Their role applies everywhere else.'}
                    </Text>
                  </Box>
                  {role !== 'admin' &&
                    grants.map((g, i) => {
                      const err =
                        grantError(serverErrors, i) ?? (submitted && !g.siteId ? 'Choose a site, or remove this row.' : undefined)
                      return (
                        <Flex key={g.key} direction="column" gap="1" role="group" aria-labelledby={grantsLabelId}>
                          <Flex gap="2" align="start">
                            <Box flexGrow="1" minWidth="0">
                              <SitePicker
                                sites={sites}
                                name={`grants[${i}].resourceId`}
                                label={`Site ${i + 1}`}
                                value={g.siteId}
                                onChange={(siteId) => updateGrant(g.key, { siteId })}
                              />
                            </Box>
                            <Box width="130px" flexShrink="0">
                              <RoleSelect
                                name={`grants[${i}].role`}
                                label=""
                                descriptions={SITE_ROLE_DESCRIPTION}
                                value={g.role}
                                onChange={(r) => updateGrant(g.key, { role: r })}
                              />
                            </Box>
                            <IconButton
                              type="button"
                              variant="ghost"
                              color="gray"
                              mt="2"
                              aria-label={`Remove site ${i + 1}`}
                              onClick={() => setGrants((prev) => prev.filter((x) => x.key !== g.key))}
                            >
                              <X size={16} />
                            </IconButton>
                          </Flex>
                          {err && (
                            <Text size="1" color="red" role="alert">
                              {err}
                            </Text>
                          )}
                        </Flex>
                      )
                    })}
                  {role !== 'admin' && (
                    <Box>
                      <Button
                        type="button"
                        variant="soft"
                        color="gray"
                        size="1"
                        disabled={sites.length === 0}
                        onClick={() => setGrants((prev) => [...prev, { key: nextKey.current++, siteId: '', role: 'editor' }])}
                      >
                        <Plus size={14} /> Add site access
                      </Button>
                      {sites.length === 0 && (
                        <Text as="span" size="1" color="gray" ml="2">
                          There are no sites yet.
                        </Text>
                      )}
                    </Box>
                  )}
                </Flex>
              </Flex>
              <Flex gap="3" mt="5" justify="end">
                <Dialog.Close>
                  <Button type="button" variant="soft" color="gray">
                    Cancel
                  </Button>
                </Dialog.Close>
                <Button type="submit" loading={invite.isPending}>
                  Send invitation
                </Button>
              </Flex>
            </form>
          </>
        )}
      </Dialog.Content>
    </Dialog.Root>
  )
}
