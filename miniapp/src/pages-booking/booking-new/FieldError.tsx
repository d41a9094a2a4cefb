/** 预约服务: the message under a field the server or the form check refused. */
import { Text } from '@tarojs/components';
import type { FormErrors, FormField } from '../../services/booking';

export function FieldError({ field, errors }: { field: FormField; errors: FormErrors }) {
  const message = errors[field];
  return message ? (
    <Text className="form-error" id={`booking-${field === 'detail' ? 'address-detail' : field}-error`}>
      {message}
    </Text>
  ) : null;
}
