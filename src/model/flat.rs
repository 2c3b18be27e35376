//! `Flat<T>`: many short lists in two vectors (one of items, one of where each list starts),
//! so a fact per task costs no allocation per task. `flat[i]` is the `i`-th list as a slice.

use std::ops::Index;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flat<T> {
    /// `starts[i]..starts[i + 1]` is list `i` in `items`; one more entry than lists.
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Flat<T> {
    fn default() -> Self {
        Flat {
            starts: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Flat<T> {
    /// Room for `lists` lists of `items` items in all.
    pub fn with_capacity(lists: usize, items: usize) -> Flat<T> {
        let mut starts = Vec::with_capacity(lists + 1);
        starts.push(0);
        Flat {
            starts,
            items: Vec::with_capacity(items),
        }
    }

    /// Adds an item to the list being built (the last one, after [`Flat::close`]).
    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    /// Ends the list being built: the items pushed since the last close are list `len()`.
    pub fn close(&mut self) {
        self.starts.push(self.items.len() as u32);
    }

    /// Adds a whole list.
    pub fn push_list(&mut self, list: impl IntoIterator<Item = T>) {
        self.items.extend(list);
        self.close();
    }

    /// How many lists.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Every list, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &[T]> + ExactSizeIterator + '_ {
        self.starts
            .windows(2)
            .map(|w| &self.items[w[0] as usize..w[1] as usize])
    }

    /// The lists that `pairs` gives as `(list, item)`, in `lists` lists: each list keeps the
    /// order its items come in.
    pub fn from_pairs(lists: usize, pairs: &[(u32, T)]) -> Flat<T>
    where
        T: Copy,
    {
        let mut starts = vec![0u32; lists + 1];
        for &(l, _) in pairs {
            starts[l as usize + 1] += 1;
        }
        for i in 0..lists {
            starts[i + 1] += starts[i];
        }
        let mut fill: Vec<u32> = starts[..lists].to_vec();
        // Every slot is written below; the first item only stands in until then.
        let mut items: Vec<T> = pairs
            .first()
            .map_or(Vec::new(), |&(_, x)| vec![x; pairs.len()]);
        for &(l, x) in pairs {
            items[fill[l as usize] as usize] = x;
            fill[l as usize] += 1;
        }
        Flat { starts, items }
    }
}

impl<T> Index<usize> for Flat<T> {
    type Output = [T];
    fn index(&self, i: usize) -> &[T] {
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_back_as_pushed() {
        let mut f = Flat::default();
        f.push_list([1, 2]);
        f.close();
        f.push(3);
        f.close();
        assert_eq!(f.len(), 3);
        assert_eq!(&f[0], &[1, 2]);
        assert!(f[1].is_empty());
        assert_eq!(f.iter().next_back(), Some(&[3][..]));
        let g = Flat::from_pairs(3, &[(2, 'a'), (0, 'b'), (2, 'c')]);
        assert_eq!(
            g.iter().collect::<Vec<_>>(),
            vec![&['b'][..], &[], &['a', 'c']]
        );
    }
}
