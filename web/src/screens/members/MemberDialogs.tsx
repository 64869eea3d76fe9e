// The dialogs behind each member's actions menu.
import { AlertDialog, Badge, Box, Button, Callout, Dialog, Flex, IconButton, Select, Separator, Text } from '@radix-ui/themes'
import { useInfiniteQuery } from '@tanstack/react-query'
import { Info, Trash2, TriangleAlert } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import {
  useChangeMemberRole,
  useDeactivateMember,
  useDeleteGrant,
  useMemberPasswordReset,
  usePutGrant,
  useReactivateMember,
  useRemoveMember,
} from '../../api/members'
import type { Member, Role } from '../../api/types'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { CopyLink } from '../../components/CopyLink'
import { ErrorCallout } from '../../components/ErrorCallout'
import { InputField } from '../../components/Field'
import { RoleSelect } from '../../components/RoleSelect'
import { useToast } from '../../components/Toaster'
import { formatDateTime, relativeTime } from '../../lib/format'
import { grantLabel } from '../../lib/members'
import { ROLE_COLOR, ROLE_LABEL, SITE_ROLE_DESCRIPTION, withArticle } from '../../lib/roles'
import { pagesQuery } from '../../api/queries'
import { SitePicker } from './InviteMemberDialog'
import { useAllSites } from './useAllSites'

export type MemberAction = 'role' | 'access' | 'reset' | 'deactivate' | 'reactivate' | 'remove'

interface DialogProps {
  member: Member
  isSelf: boolean
  onClose: () => void
}

export function MemberActionDialog({ action, ...props }: DialogProps & { action: MemberAction }) {
  switch (action) {
    case 'role':
      return <ChangeRoleDialog {...props} />
    case 'access':
      return <ManageAccessDialog {...props} />
    case 'reset':
      return <ResetPasswordDialog {...props} />
    case 'deactivate':
      return <DeactivateDialog {...props} />
    case 'reactivate':
      return <ReactivateDialog {...props} />
    case 'remove':
      return <RemoveDialog {...props} />
  }
}

function ChangeRoleDialog({ member, isSelf, onClose }: DialogProps) {
  const change = useChangeMemberRole()
  const toast = useToast()
  const [role, setRole] = useState<Role>(member.role)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (role === member.role) return
    change.mutate(
      { memberId: member.id, role },
      {
        onSuccess: (m) => {
          toast.success('Role changed', `${m.name || m.email} is now ${withArticle(m.role)}.`)
          onClose()
        },
      },
    )
  }

  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="460px">
        <Dialog.Title>Change role</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          {isSelf ? 'Your role' : `${member.name || member.email}’s role`} applies across the organisation. Access given
          on particular sites stays as it is.
        </Dialog.Description>
        <form onSubmit={onSubmit}>
          <Flex direction="column" gap="4">
            <RoleSelect
              value={role}
              onChange={(r) => {
                setRole(r)
                change.reset()
              }}
            />
            {isSelf && member.role === 'admin' && role !== 'admin' && (
              <Callout.Root color="amber" variant="surface">
                <Callout.Icon>
                  <TriangleAlert size={16} />
                </Callout.Icon>
                <Callout.Text>You will no longer be able to manage members or settings.</Callout.Text>
              </Callout.Root>
            )}
            <ErrorCallout error={change.error} />
          </Flex>
          <Flex gap="3" mt="5" justify="end">
            <Dialog.Close>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </Dialog.Close>
            <Button type="submit" loading={change.isPending} disabled={role === member.role}>
              Change role
            </Button>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  )
}

function ManageAccessDialog({ member: initial, onClose }: DialogProps) {
  const put = usePutGrant()
  const del = useDeleteGrant()
  const toast = useToast()
  const { sites, isPending: sitesPending } = useAllSites()
  // Each change answers with the updated member.
  const [member, setMember] = useState(initial)
  const [siteId, setSiteId] = useState('')
  const [pageId, setPageId] = useState('') // '' = the whole site
  const [role, setRole] = useState<Role>('editor')
  const pages = useInfiniteQuery({ ...pagesQuery(siteId), enabled: siteId !== '' })
  const sitePages = pages.data?.pages.flatMap((p) => p.items) ?? []
  const [removing, setRemoving] = useState('')
  const name = member.name || member.email
  const isAdmin = member.role === 'admin'

  const onAdd = (e: FormEvent) => {
    e.preventDefault()
    if (!siteId) return
    del.reset()
    const grant = pageId
      ? { resourceType: 'page' as const, resourceId: pageId, role }
      : { resourceType: 'site' as const, resourceId: siteId, role }
    put.mutate(
      { memberId: member.id, grant },
      {
        onSuccess: (m) => {
          setMember(m)
          // Keep the site chosen: the next grant is often on the same site.
          setPageId('')
          const site = sites.find((s) => s.id === siteId)
          const page = sitePages.find((p) => p.id === pageId)
          const target = page ? `the page “${page.title}”` : (site?.name ?? 'that site')
          toast.success('Access given', `${name} is now ${withArticle(role)} on ${target}.`)
        },
      },
    )
  }

  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="560px">
        <Dialog.Title>Manage access</Dialog.Title>
        <Dialog.Description size="2" color="gray" mb="4">
          {name} is {withArticle(member.role)}, which applies on every site. Give them more on particular sites or pages here.
        </Dialog.Description>
        <Flex direction="column" gap="4">
          {isAdmin ? (
            <Callout.Root color="gray" variant="surface">
              <Callout.Icon>
                <Info size={16} />
              </Callout.Icon>
              <Callout.Text>Admins can already do everything on every site.</Callout.Text>
            </Callout.Root>
          ) : null}
          <Box>
            <Text as="div" size="2" weight="medium" mb="2">
              Site and page access
            </Text>
            {member.grants.length === 0 ? (
              <Text as="p" size="2" color="gray">
                None yet: {member.role === 'viewer' ? 'they can read' : 'their role applies to'} every site as{' '}
                {withArticle(member.role)}.
              </Text>
            ) : (
              <Flex direction="column" gap="1" data-testid="grant-list">
                {member.grants.map((g) => (
                  <Flex
                    key={`${g.resourceType}:${g.resourceId}`}
                    align="center"
                    justify="between"
                    gap="3"
                    py="1"
                    data-testid="grant-row"
                  >
                    <Flex align="center" gap="2" minWidth="0">
                      <Badge color={ROLE_COLOR[g.role]} variant="soft" radius="full">
                        {ROLE_LABEL[g.role]}
                      </Badge>
                      <Text size="2" truncate>
                        {g.resourceName || g.resourceId}
                      </Text>
                      {g.resourceType === 'page' && (
                        <Text size="1" color="gray">
                          (page)
                        </Text>
                      )}
                    </Flex>
                    <IconButton
                      size="1"
                      variant="ghost"
                      color="red"
                      aria-label={`Remove ${grantLabel(g)}`}
                      loading={del.isPending && removing === g.resourceId}
                      onClick={() => {
                        put.reset()
                        setRemoving(g.resourceId)
                        del.mutate(
                          { memberId: member.id, resourceType: g.resourceType, resourceId: g.resourceId },
                          {
                            onSuccess: (m) => {
                              setMember(m)
                              toast.success('Access removed', `${name} is no longer ${withArticle(g.role)} on ${g.resourceName}.`)
                            },
                          },
                        )
                      }}
                    >
                      <Trash2 size={14} />
                    </IconButton>
                  </Flex>
                ))}
              </Flex>
            )}
          </Box>
          {!isAdmin && (
            <>
              <Separator size="4" />
              <form onSubmit={onAdd}>
                <Text as="div" size="2" weight="medium" mb="2">
                  Add site or page access
                </Text>
                <Flex gap="2" align="start" wrap="wrap">
                  <Box flexGrow="1" minWidth="160px">
                    <SitePicker
                      sites={sites}
                      name="resourceId"
                      label="Site"
                      value={siteId}
                      onChange={(id) => {
                        setSiteId(id)
                        setPageId('')
                      }}
                    />
                  </Box>
                  <Box flexGrow="1" minWidth="160px">
                    <Select.Root
                      name="pageId"
                      value={pageId || 'site'}
                      onValueChange={(v) => setPageId(v === 'site' ? '' : v)}
                      disabled={!siteId}
                    >
                      <Select.Trigger aria-label="Page" style={{ width: '100%' }} />
                      <Select.Content position="popper">
                        <Select.Item value="site">Whole site</Select.Item>
                        {sitePages.map((p) => (
                          <Select.Item key={p.id} value={p.id}>
                            Only “{p.title}”
                          </Select.Item>
                        ))}
                      </Select.Content>
                    </Select.Root>
                  </Box>
                  <Box width="130px" flexShrink="0">
                    <RoleSelect label="" value={role} onChange={setRole} descriptions={SITE_ROLE_DESCRIPTION} />
                  </Box>
                  <Button type="submit" loading={put.isPending} disabled={!siteId}>
                    Add
                  </Button>
                </Flex>
                {!sitesPending && sites.length === 0 && (
                  <Text as="p" size="1" color="gray" mt="1">
                    There are no sites yet.
                  </Text>
                )}
              </form>
            </>
          )}
          <ErrorCallout error={put.error ?? del.error} />
        </Flex>
        <Flex justify="end" mt="5">
          <Dialog.Close>
            <Button type="button" variant="soft" color="gray">
              Done
            </Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}

function ResetPasswordDialog({ member, onClose }: DialogProps) {
  const reset = useMemberPasswordReset()
  const name = member.name || member.email
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="540px" onInteractOutside={(e) => reset.data && e.preventDefault()}>
        <Dialog.Title>Reset password</Dialog.Title>
        {reset.data ? (
          <>
            <Dialog.Description size="2" color="gray" mb="4">
              Send this link to {name}. It works once and expires{' '}
              <span title={formatDateTime(reset.data.expiresAt)}>{relativeTime(reset.data.expiresAt)}</span>. Anyone with
              the link can set a new password for {member.email}, so share it only with them.
            </Dialog.Description>
            <CopyLink link={reset.data.link} testId="reset-link" label="Password reset link" />
            <Flex justify="end" mt="5">
              <Button type="button" onClick={onClose}>
                Done
              </Button>
            </Flex>
          </>
        ) : (
          <>
            <Dialog.Description size="2" color="gray" mb="4">
              Create a single-use link for {name} ({member.email}) to choose a new password. Use this when they can’t
              receive the reset email themselves.
            </Dialog.Description>
            <ErrorCallout error={reset.error} />
            <Flex gap="3" mt="5" justify="end">
              <Dialog.Close>
                <Button type="button" variant="soft" color="gray">
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="button" loading={reset.isPending} onClick={() => reset.mutate(member.id)}>
                Create reset link
              </Button>
            </Flex>
          </>
        )}
      </Dialog.Content>
    </Dialog.Root>
  )
}

function DeactivateDialog({ member, onClose }: DialogProps) {
  const deactivate = useDeactivateMember()
  const toast = useToast()
  const name = member.name || member.email
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Deactivate ${name}?`}
      description={
        <>
          {name} is signed out everywhere: their sessions and API tokens end immediately, and they can’t sign in until you
          reactivate them. Their pages, versions and audit history stay.
        </>
      }
      confirmLabel="Deactivate"
      pending={deactivate.isPending}
      error={deactivate.error}
      onConfirm={() =>
        deactivate.mutate(member.id, {
          onSuccess: () => {
            toast.success('Member deactivated', `${name} can no longer sign in.`)
            onClose()
          },
        })
      }
    />
  )
}

function ReactivateDialog({ member, onClose }: DialogProps) {
  const reactivate = useReactivateMember()
  const toast = useToast()
  const name = member.name || member.email
  return (
    <AlertDialog.Root open onOpenChange={(o) => !o && onClose()}>
      <AlertDialog.Content maxWidth="460px">
        <AlertDialog.Title>Reactivate {name}?</AlertDialog.Title>
        <AlertDialog.Description size="2" color="gray">
          {name} can sign in again with their password, as {withArticle(member.role)}. Sessions and API tokens that ended
          when they were deactivated stay ended: they sign in again and create new tokens.
        </AlertDialog.Description>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            reactivate.mutate(member.id, {
              onSuccess: () => {
                toast.success('Member reactivated', `${name} can sign in again.`)
                onClose()
              },
            })
          }}
        >
          {Boolean(reactivate.error) && (
            <Box mt="4">
              <ErrorCallout error={reactivate.error} />
            </Box>
          )}
          <Flex gap="3" mt="5" justify="end">
            <AlertDialog.Cancel>
              <Button type="button" variant="soft" color="gray">
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <Button type="submit" loading={reactivate.isPending}>
              Reactivate
            </Button>
          </Flex>
        </form>
      </AlertDialog.Content>
    </AlertDialog.Root>
  )
}

function RemoveDialog({ member, onClose }: DialogProps) {
  const remove = useRemoveMember()
  const toast = useToast()
  const [typed, setTyped] = useState('')
  const name = member.name || member.email
  const matches = typed.trim().toLowerCase() === member.email.toLowerCase()
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Remove ${name}?`}
      description={
        <>
          {name} loses access at once and can no longer sign in. Their name stays on audit entries and page versions. To
          bring them back, invite them again.
        </>
      }
      confirmLabel="Remove"
      confirmDisabled={!matches}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() =>
        remove.mutate(member.id, {
          onSuccess: () => {
            toast.success('Member removed', `${name} no longer has access.`)
            onClose()
          },
        })
      }
    >
      <InputField
        name="email"
        label={`Type ${member.email} to confirm`}
        autoComplete="off"
        spellCheck={false}
        autoFocus
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
      />
    </ConfirmDialog>
  )
}
