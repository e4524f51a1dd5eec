import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { closeSession, sessionsQuery } from '../../api/sessions.js';
import { activeShares, sessionSharesQuery } from '../../api/shares.js';
import { Dialog } from '../../ui/Dialog.js';
import { ErrorMessage } from '../../ui/PageLoading.js';

export interface CloseSessionDialogProps {
  sessionId: string | null;
  label: string;
  onCancel: () => void;
  onClosed: (sessionId: string) => void;
}

export function CloseSessionDialog({ sessionId, label, onCancel, onClosed }: CloseSessionDialogProps) {
  return (
    <Dialog open={sessionId !== null} onClose={onCancel} title="Close session?" testId="close-session-dialog">
      {sessionId && <CloseSessionBody sessionId={sessionId} label={label} onCancel={onCancel} onClosed={onClosed} />}
    </Dialog>
  );
}

function CloseSessionBody({ sessionId, label, onCancel, onClosed }: CloseSessionDialogProps & { sessionId: string }) {
  const queryClient = useQueryClient();
  const shares = activeShares(useQuery(sessionSharesQuery(sessionId)).data);
  const viewers = shares.reduce((sum, share) => sum + share.viewer_count, 0);
  const mutation = useMutation({
    mutationFn: () => closeSession(sessionId),
    onSuccess: () => {
      queryClient.setQueryData(sessionsQuery.queryKey, (list) =>
        list ? { sessions: list.sessions.filter((session) => session.session_id !== sessionId) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
      void queryClient.invalidateQueries({ queryKey: ['shares'] });
      onClosed(sessionId);
    },
  });

  return (
    <div>
      <p>
        This disconnects the SSH session to <strong>{label}</strong>.
        {shares.length > 0 &&
          ` Its ${shares.length === 1 ? 'share link stops' : `${shares.length} share links stop`} working${
            viewers > 0 ? ` and ${viewers} viewer${viewers === 1 ? '' : 's'} will be disconnected` : ''
          }.`}
      </p>
      {mutation.isError && <ErrorMessage error={mutation.error} />}
      <div className="dialog__actions">
        <button type="button" className="button button--ghost" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={mutation.isPending}
          onClick={() => mutation.mutate()}
          data-testid="confirm-close-session"
        >
          {mutation.isPending ? 'Closing…' : 'Close session'}
        </button>
      </div>
    </div>
  );
}
