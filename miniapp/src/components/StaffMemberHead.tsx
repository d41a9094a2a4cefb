/**
 * A scanned member as staff see them: initial in the tier colour, nickname and
 * tier badge, then the page's own lines and an optional action. Used by
 * 扫码识别会员 and 收银 (each keeps its own element ids).
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { MemberCodeResolveResponse } from '@homeclub/shared';
import { tierTextColor } from '../services/membership';

export function StaffMemberHead(props: {
  member: Pick<MemberCodeResolveResponse, 'nickname' | 'tier'>;
  nameId: string;
  tierId: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  const { member } = props;
  const colours = { background: member.tier.color, color: tierTextColor(member.tier.color) };
  return (
    <View className='staff-member__head'>
      <View className='avatar avatar--small' style={colours}>
        <Text>{Array.from(member.nickname)[0] ?? '友'}</Text>
      </View>
      <View className='staff-member__who'>
        <View className='profile__name-row'>
          <Text className='staff-member__name' id={props.nameId}>
            {member.nickname}
          </Text>
          <Text className='tier-badge' id={props.tierId} style={colours}>
            {member.tier.name}
          </Text>
        </View>
        {props.children}
      </View>
      {props.action}
    </View>
  );
}
