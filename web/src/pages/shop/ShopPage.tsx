import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Input, Row, Segmented, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listProducts, type Product, type ProductKind, productKinds } from '../../api/products.ts';
import { KindTag } from '../../components/OrderTags.tsx';
import { formatYuan } from '../../format.ts';
import { PurchaseModal } from './PurchaseModal.tsx';

function ProductCard({ product, onBuy }: { product: Product; onBuy: () => void }) {
  const { t } = useTranslation();
  const soldOut = product.stock === 0;
  return (
    <Card
      data-testid="product-card"
      data-product-id={product.id}
      title={product.name}
      extra={<KindTag kind={product.kind} />}
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: 1, display: 'flex', flexDirection: 'column', gap: 8 } }}
    >
      <Typography.Text type="secondary">
        {product.category} · {product.merchantName}
      </Typography.Text>
      <Typography.Paragraph
        ellipsis={{ rows: 2, tooltip: product.description }}
        style={{ margin: 0, flex: 1 }}
      >
        {product.description}
      </Typography.Paragraph>
      <Flex justify="space-between" align="center">
        <Flex vertical>
          <Typography.Text strong type="danger" style={{ fontSize: 20 }}>
            {formatYuan(product.priceFen)}
          </Typography.Text>
          {product.stock !== null && (
            <Typography.Text type={soldOut ? 'danger' : 'secondary'} data-testid="product-stock">
              {soldOut ? t('shop.soldOut') : t('shop.stock', { count: product.stock })}
            </Typography.Text>
          )}
        </Flex>
        <Button type="primary" data-testid="product-buy" disabled={soldOut} onClick={onBuy}>
          {t('shop.buy')}
        </Button>
      </Flex>
    </Card>
  );
}

export function ShopPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ProductKind | 'all'>('all');
  const [q, setQ] = useState('');
  const [buying, setBuying] = useState<Product | null>(null);
  const filter = { kind: kind === 'all' ? undefined : kind, q: q || undefined };
  const products = useQuery({ queryKey: ['products', filter], queryFn: () => listProducts(filter) });

  return (
    <Card title={t('shop.title')}>
      <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
        <Segmented<ProductKind | 'all'>
          data-testid="shop-kind"
          value={kind}
          onChange={setKind}
          options={[
            { value: 'all', label: t('common.all') },
            ...productKinds.map((value) => ({ value, label: t(`productKind.${value}`) })),
          ]}
        />
        <Input.Search
          data-testid="shop-search"
          placeholder={t('shop.search')}
          allowClear
          enterButton
          style={{ width: 320 }}
          onSearch={(value) => setQ(value.trim())}
        />
      </Flex>
      {products.isError && <Alert type="error" showIcon title={products.error.message} />}
      {products.isPending && (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      )}
      {products.data?.length === 0 && <Empty data-testid="shop-empty" description={t('shop.empty')} />}
      <Row gutter={[16, 16]}>
        {products.data?.map((product) => (
          <Col key={product.id} xs={24} md={12} xl={8} xxl={6}>
            <ProductCard product={product} onBuy={() => setBuying(product)} />
          </Col>
        ))}
      </Row>
      {buying && <PurchaseModal product={buying} onClose={() => setBuying(null)} />}
    </Card>
  );
}
