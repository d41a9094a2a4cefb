/** Loading / empty / error placeholders used by every list and page. */
import { Button, Text, View } from '@tarojs/components';

export function LoadingState({ text = '加载中…', id }: { text?: string; id?: string }) {
  return (
    <View className='state state--loading' id={id}>
      <View className='state__spinner' />
      <Text className='state__text'>{text}</Text>
    </View>
  );
}

interface EmptyStateProps {
  title: string;
  description?: string;
  /** Small pill above the title, e.g. 「敬请期待」. */
  badge?: string;
  icon?: string;
  id?: string;
}

export function EmptyState({ title, description, badge, icon = '□', id }: EmptyStateProps) {
  return (
    <View className='state state--empty' id={id}>
      <View className='state__icon'>
        <Text>{icon}</Text>
      </View>
      {badge ? <Text className='state__badge'>{badge}</Text> : null}
      <Text className='state__title'>{title}</Text>
      {description ? <Text className='state__desc'>{description}</Text> : null}
    </View>
  );
}

interface ErrorStateProps {
  message: string;
  onRetry?: () => void;
  id?: string;
}

export function ErrorState({ message, onRetry, id }: ErrorStateProps) {
  return (
    <View className='state state--error' id={id}>
      <Text className='state__title'>{message}</Text>
      {onRetry ? (
        <Button className='btn btn--plain btn--small' onClick={onRetry}>
          重新加载
        </Button>
      ) : null}
    </View>
  );
}
