// TanStack Query definitions for members, invitations, password reset,
// the signed-in user's profile and the email (SMTP) settings.
// The contract is docs/api-members.md.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { api, withQuery } from './client'
import { keys as coreKeys, useSessionSetter } from './queries'
import type {
  AcceptInvitationRequest,
  ChangeEmailRequest,
  ChangeEmailResponse,
  ChangePasswordRequest,
  EmailSettings,
  GrantRequest,
  GrantResourceType,
  Invitation,
  InvitationPreview,
  InvitationWithLink,
  InviteRequest,
  Member,
  MemberQuery,
  PasswordResetConfirmRequest,
  PasswordResetLink,
  Role,
  Session,
  UpdateEmailSettingsRequest,
} from './types'

export const memberKeys = {
  all: ['members'] as const,
  list: (q: MemberQuery) => ['members', 'list', q] as const,
  invitations: ['invitations', 'pending'] as const,
  invitationPreview: (token: string) => ['invitations', 'preview', token] as const,
  emailSettings: ['settings', 'email'] as const,
}

/** Go may encode an empty slice as null: the UI always gets arrays. */
function normalizeMember(m: Member): Member {
  return { ...m, grants: m.grants ?? [] }
}

function normalizeInvitation(i: Invitation): Invitation {
  return { ...i, grants: i.grants ?? [], emailError: i.emailError ?? '' }
}

function normalizeInvitationWithLink(r: InvitationWithLink): InvitationWithLink {
  return { ...r, invitation: normalizeInvitation(r.invitation) }
}

const id = (s: string) => encodeURIComponent(s)

// ---- queries ----

export const membersQuery = (q: MemberQuery) =>
  queryOptions({
    queryKey: memberKeys.list(q),
    queryFn: async ({ signal }) => {
      const res = await api.get<{ items?: Member[] | null }>(withQuery('/members', { ...q }), { signal })
      return (res.items ?? []).map(normalizeMember)
    },
    // Typing in the search box keeps the table on screen until the new rows arrive.
    placeholderData: keepPreviousData,
  })

export const pendingInvitationsQuery = queryOptions({
  queryKey: memberKeys.invitations,
  queryFn: async ({ signal }) => {
    const res = await api.get<{ items?: Invitation[] | null }>('/invitations?status=pending', { signal })
    return (res.items ?? []).map(normalizeInvitation)
  },
})

export const invitationPreviewQuery = (token: string) =>
  queryOptions({
    queryKey: memberKeys.invitationPreview(token),
    queryFn: ({ signal }) =>
      api.get<InvitationPreview>(withQuery('/invitations/accept', { token }), { signal }),
    retry: false,
    staleTime: Infinity,
  })

export const emailSettingsQuery = queryOptions({
  queryKey: memberKeys.emailSettings,
  queryFn: ({ signal }) => api.get<EmailSettings>('/settings/email', { signal }),
})

// ---- member mutations (Admin) ----

function useMembersChanged() {
  const qc = useQueryClient()
  return (member?: Member) => {
    void qc.invalidateQueries({ queryKey: memberKeys.all })
    // Admins may change their own role: the session's permissions follow.
    const session = qc.getQueryData<Session>(coreKeys.session)
    if (member && session?.user.id === member.id) void qc.invalidateQueries({ queryKey: coreKeys.session })
  }
}

export function useChangeMemberRole() {
  const changed = useMembersChanged()
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: Role }) =>
      api.patch<Member>(`/members/${id(memberId)}`, { role }).then(normalizeMember),
    onSuccess: changed,
  })
}

export function usePutGrant() {
  const changed = useMembersChanged()
  return useMutation({
    mutationFn: ({ memberId, grant }: { memberId: string; grant: GrantRequest }) =>
      api.post<Member>(`/members/${id(memberId)}/grants`, grant).then(normalizeMember),
    onSuccess: changed,
  })
}

export function useDeleteGrant() {
  const changed = useMembersChanged()
  return useMutation({
    mutationFn: ({ memberId, resourceType, resourceId }: { memberId: string; resourceType: GrantResourceType; resourceId: string }) =>
      api.del<Member>(`/members/${id(memberId)}/grants/${id(resourceType)}/${id(resourceId)}`).then(normalizeMember),
    onSuccess: changed,
  })
}

export function useDeactivateMember() {
  const changed = useMembersChanged()
  return useMutation({
    mutationFn: (memberId: string) => api.post<Member>(`/members/${id(memberId)}/deactivate`).then(normalizeMember),
    onSuccess: changed,
  })
}

export function useReactivateMember() {
  const changed = useMembersChanged()
  return useMutation({
    mutationFn: (memberId: string) => api.post<Member>(`/members/${id(memberId)}/reactivate`).then(normalizeMember),
    onSuccess: changed,
  })
}

export function useRemoveMember() {
  const changed = useMembersChanged()
  return useMutation({
    mutationFn: (memberId: string) => api.del(`/members/${id(memberId)}`),
    onSuccess: () => changed(),
  })
}

export function useMemberPasswordReset() {
  return useMutation({
    mutationFn: (memberId: string) => api.post<PasswordResetLink>(`/members/${id(memberId)}/password-reset`),
  })
}

// ---- invitations ----

function useInvitationsChanged() {
  const qc = useQueryClient()
  return () => void qc.invalidateQueries({ queryKey: memberKeys.invitations })
}

export function useInviteMember() {
  const changed = useInvitationsChanged()
  return useMutation({
    mutationFn: (body: InviteRequest) =>
      api.post<InvitationWithLink>('/invitations', body).then(normalizeInvitationWithLink),
    onSuccess: changed,
  })
}

export function useResendInvitation() {
  const changed = useInvitationsChanged()
  return useMutation({
    mutationFn: (invitationId: string) =>
      api.post<InvitationWithLink>(`/invitations/${id(invitationId)}/resend`).then(normalizeInvitationWithLink),
    onSuccess: changed,
  })
}

export function useRevokeInvitation() {
  const changed = useInvitationsChanged()
  return useMutation({
    mutationFn: (invitationId: string) => api.del(`/invitations/${id(invitationId)}`),
    onSuccess: changed,
  })
}

/** Accepting signs the new member in: anything cached for another user is dropped. */
export function useAcceptInvitation() {
  const qc = useQueryClient()
  const setSession = useSessionSetter()
  return useMutation({
    mutationFn: (body: AcceptInvitationRequest) => api.post<Session>('/invitations/accept', body),
    onSuccess: (session) => {
      // Keep the invitation preview the accept screen still shows.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'invitations' })
      setSession(session)
    },
  })
}

// ---- password reset (public) ----

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => api.post<unknown>('/auth/password-reset', { email }),
  })
}

/** A reset ends every session of that user, possibly including this tab's. */
export function useConfirmPasswordReset() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: PasswordResetConfirmRequest) => api.post<void>('/auth/password-reset/confirm', body),
    onSuccess: () => qc.removeQueries({ queryKey: coreKeys.session }),
  })
}

// ---- profile (signed in) ----

export function useUpdateProfile() {
  const setSession = useSessionSetter()
  return useMutation({
    mutationFn: (body: { name: string }) => api.patch<Session>('/auth/me', body),
    onSuccess: setSession,
  })
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePasswordRequest) => api.post<void>('/auth/me/password', body),
  })
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: (body: ChangeEmailRequest) =>
      api.post<ChangeEmailResponse | undefined>('/auth/me/email', body).then((r) => r ?? {}),
  })
}

export function useConfirmEmail() {
  const setSession = useSessionSetter()
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (token: string) => api.post<Session>('/auth/email-confirm', { token }),
    onSuccess: (session) => {
      setSession(session)
      void qc.invalidateQueries({ queryKey: memberKeys.all })
    },
  })
}

// ---- email settings (Admin) ----

export function useSaveEmailSettings() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateEmailSettingsRequest) => api.put<EmailSettings>('/settings/email', body),
    onSuccess: (settings) => qc.setQueryData(memberKeys.emailSettings, settings),
  })
}

export function useSendTestEmail() {
  return useMutation({
    mutationFn: (to: string) => api.post<{ sent: boolean }>('/settings/email/test', { to }),
  })
}
