import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasKeyStock, listMerchantProducts, type MerchantProduct } from '../../api/products.ts';
import { KindTag } from '../../components/OrderTags.tsx';
import { formatYuan } from '../../format.ts';
import { ImportKeysModal } from './ImportKeysModal.tsx';

export function MerchantProductsPage() {
  const { t } = useTranslation();
  const [importing, setImporting] = useState<MerchantProduct | null>(null);
  const products = useQuery({ queryKey: ['merchant-products'], queryFn: listMerchantProducts });

  return (
    <Card title={t('menu.merchantProducts')}>
      {products.isError && <Alert type="error" showIcon title={products.error.message} />}
      <Table<MerchantProduct>
        data-testid="merchant-products"
        rowKey="id"
        loading={products.isPending}
        dataSource={products.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('merchantProducts.name'), dataIndex: 'name' },
          { key: 'kind', title: t('merchantProducts.kind'), render: (_, row) => <KindTag kind={row.kind} /> },
          {
            key: 'price',
            title: t('merchantProducts.price'),
            align: 'right',
            render: (_, row) => formatYuan(row.priceFen),
          },
          {
            key: 'stock',
            title: t('merchantProducts.stock'),
            align: 'right',
            render: (_, row) => <span data-testid="product-stock">{row.stock ?? '—'}</span>,
          },
          { key: 'sold', title: t('merchantProducts.sold'), align: 'right', dataIndex: 'soldCount' },
          {
            key: 'actions',
            title: t('merchantProducts.actions'),
            render: (_, row) =>
              hasKeyStock(row.kind) && (
                <Button size="small" data-testid="product-import" onClick={() => setImporting(row)}>
                  {t('merchantProducts.import')}
                </Button>
              ),
          },
        ]}
      />
      {importing && <ImportKeysModal product={importing} onClose={() => setImporting(null)} />}
    </Card>
  );
}
