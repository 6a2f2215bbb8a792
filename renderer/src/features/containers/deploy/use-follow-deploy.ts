import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';

/** After a deploy opened: say what runs and go where its progress shows (as Update in the inbox does). */
export function useFollowDeploy() {
  const navigate = useNavigate();
  return (title: string, message: string) => {
    notifications.show({ color: 'blue', title, message });
    void navigate('/deployments');
  };
}
