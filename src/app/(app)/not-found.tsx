import { NotFoundState } from '@/ui/states';

export default function NotFound() {
  return <NotFoundState />;
}
