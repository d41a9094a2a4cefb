/** 首页 top: the operator's banners (a swiper; one banner without dots) and the notice bar. */
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import type { HomeView } from '@homeclub/shared';
import { linkTarget, open } from '../../services/home';

export function HomeBanners({ home, storeId }: { home: HomeView; storeId: string | null }) {
  const { banners, notice } = home;
  return (
    <View className='home-top'>
      {banners.length > 0 ? (
        <Swiper
          className='home-banners'
          id='home-banners'
          autoplay={banners.length > 1}
          circular={banners.length > 1}
          indicatorDots={banners.length > 1}
          indicatorColor='rgba(255,255,255,0.5)'
          indicatorActiveColor='#ffffff'
          interval={4000}
        >
          {banners.map((b) => (
            <SwiperItem key={b.id}>
              <View className='home-banner' id={`home-banner-${b.id}`} onClick={() => (b.link ? open(linkTarget(b.link, storeId)) : undefined)}>
                <Image className='home-banner__image' src={b.image} mode='aspectFill' />
                <Text className='home-banner__title'>{b.title}</Text>
              </View>
            </SwiperItem>
          ))}
        </Swiper>
      ) : null}
      {notice ? (
        <View className='home-notice' id='home-notice' onClick={() => (notice.link ? open(linkTarget(notice.link, storeId)) : undefined)}>
          <Text className='home-notice__icon'>公告</Text>
          <Text className='home-notice__text'>{notice.text}</Text>
          {notice.link ? <Text className='home-notice__arrow'>›</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
